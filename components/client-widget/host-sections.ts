/**
 * The host sections of one `<client-widget>` as a reactive controller: the widgets registered
 * page-wide, then the element's own `widgets`, then its children with `slot="widget:<id>"`
 * (followed by a MutationObserver); the host renders again when any of them changes.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { slottedSections, widgetRegistry, type ClientWidgetDefinition, type HostSection } from './host-widgets.js';
import { BUILT_IN_SECTIONS, type BuiltInSectionId } from './widget-settings.js';

const WATCHED = ['slot', 'data-title', 'data-title-en', 'data-title-es', 'data-title-ru'];

/** The host sections present in one client block. */
export class HostSections implements ReactiveController {
  private slotted: HostSection[] = [];
  private observer: MutationObserver | null = null;
  private readonly onRegistry = (): void => this.host.requestUpdate();

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    /** The element's own host widgets (`widgets`). */
    private readonly own: () => readonly ClientWidgetDefinition[],
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    widgetRegistry.addEventListener('change', this.onRegistry);
    this.observer = new MutationObserver(() => this.readSlotted());
    this.observer.observe(this.host, { childList: true, subtree: true, attributes: true, attributeFilter: WATCHED });
    this.readSlotted();
  }

  hostDisconnected(): void {
    widgetRegistry.removeEventListener('change', this.onRegistry);
    this.observer?.disconnect();
    this.observer = null;
  }

  private readSlotted(): void {
    const next = slottedSections(this.host);
    const same = next.length === this.slotted.length && next.every((s, i) => JSON.stringify(s) === JSON.stringify(this.slotted[i]));
    if (same) return;
    this.slotted = next;
    this.host.requestUpdate();
  }

  /** Host sections present now: registered page-wide, then this element's, then slotted. */
  all(): HostSection[] {
    const defs = new Map<string, ClientWidgetDefinition>();
    for (const d of widgetRegistry.all) defs.set(d.id, d);
    for (const d of this.own()) {
      try {
        if (!BUILT_IN_SECTIONS.includes(d.id as BuiltInSectionId) && d.id && typeof d.render === 'function') defs.set(d.id, d);
      } catch {
        // A malformed definition is left out.
      }
    }
    const out: HostSection[] = [...defs.values()].map((def) => ({ kind: 'registered', id: def.id, def }));
    for (const s of this.slotted) if (!defs.has(s.id)) out.push(s);
    return out;
  }
}
