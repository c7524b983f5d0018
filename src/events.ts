/**
 * The `detail` of a chatdesk event, typed by its name, for code that receives a plain `Event`
 * (Angular's `$event`, a listener added in JavaScript). Throws a `TypeError` when the event is not a
 * `CustomEvent` of that name, so a handler wired to the wrong event fails loudly.
 *
 * ```ts
 * onFilter(e: Event) { this.filter.set(eventDetail(e, 'tag-filter-change').value); }
 * ```
 */
export function eventDetail<K extends keyof GlobalEventHandlersEventMap>(event: Event, type: K): GlobalEventHandlersEventMap[K] extends CustomEvent<infer D> ? D : never {
  if (event.type !== type || !(event instanceof CustomEvent)) {
    throw new TypeError(`chatdesk: expected a "${type}" CustomEvent, got a "${event.type}" ${event.constructor.name}`);
  }
  return event.detail as GlobalEventHandlersEventMap[K] extends CustomEvent<infer D> ? D : never;
}
