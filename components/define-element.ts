/** Registers a custom element unless that tag is already defined (a guarded define). */
export function defineElement(tag: string, ctor: CustomElementConstructor): void {
  if (typeof customElements === 'undefined') return;
  const existing = customElements.get(tag);
  if (existing) {
    if (existing !== ctor) console.warn(`chatdesk: <${tag}> is already defined by another class; keeping the first.`);
    return;
  }
  customElements.define(tag, ctor);
}
