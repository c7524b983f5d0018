/**
 * Host widgets: sections a CRM vendor adds to `<client-widget>` beside the built-in ones. They
 * take part in the same show, hide and reorder settings (W1).
 *
 * Two ways in:
 * - **Registration (primary)**: `ClientWidget.registerWidget({ id, title, render })` for every
 *   client block on the page, or the `widgets` property of one element. `render` gets the client,
 *   the dialog and the language, and returns a lit `TemplateResult`, a DOM `Node` or text; it runs
 *   again whenever the client or dialog changes. Localized titles come from `title(locale)`.
 * - **Slots**: a child `<div slot="widget:crm-notes" data-title="Notes">` becomes the section
 *   `crm-notes`; the page renders and styles its content (light DOM). `data-title-es`,
 *   `data-title-ru`... give localized titles.
 */
import type { TemplateResult } from 'lit';
import type { ChatClient } from '../../sdk/client.js';
import type { Client, Dialog } from '../../sdk/model.js';
import type { Locale } from '../i18n.js';
import { BUILT_IN_SECTIONS } from './widget-settings.js';

/** What a host widget's `render` gets. */
export interface ClientWidgetRenderContext {
  /** The client shown; `null` when the dialog has no client (detached, H5). */
  client: Client | null;
  /** The dialog the block follows; `null` when it shows a client directly (`client-id`). */
  dialog: Dialog | null;
  /** The UI language. */
  locale: Locale;
  /** The page's chat client (stores and commands), for widgets that need more. */
  chat: ChatClient;
}

/** What a host widget renders: lit content, a DOM node, text, or nothing. */
export type ClientWidgetContent = TemplateResult | Node | string | number | null | undefined;

/** A host widget: a section of the client block supplied by the page. */
export interface ClientWidgetDefinition {
  /**
   * Unique section id (letters, digits, `-`, `_`, `.`, `:`), kept in the operator's layout. Must
   * not be a built-in id (`profile`, `source`, `orders`, `tags`, `analytics`).
   */
  id: string;
  /** The section's heading, per language. */
  title: string | ((locale: Locale) => string);
  /** Renders the section body. Called on every update of the block; keep it cheap. */
  render: (context: ClientWidgetRenderContext) => ClientWidgetContent;
  /** Also render when the dialog has no client (`context.client` is `null`). Default `false`. */
  showWithoutClient?: boolean;
}

const ID = /^[A-Za-z0-9_.:-]+$/;
const BUILT_IN = new Set<string>(BUILT_IN_SECTIONS);

/** Throws a clear error for an id a host widget may not use. */
export function checkWidgetId(id: string): void {
  if (!ID.test(id)) throw new TypeError(`client-widget: widget id "${id}" must use only letters, digits, "-", "_", "." and ":".`);
  if (BUILT_IN.has(id)) throw new TypeError(`client-widget: "${id}" is a built-in section id; choose another id for your widget.`);
}

/** The registry behind `ClientWidget.registerWidget`: page-wide, in registration order. */
class WidgetRegistry extends EventTarget {
  private readonly defs = new Map<string, ClientWidgetDefinition>();

  /** Every registered widget, in registration order. */
  get all(): ClientWidgetDefinition[] {
    return [...this.defs.values()];
  }

  /** Adds (or replaces, same id) a widget; returns a function that removes it. */
  register(def: ClientWidgetDefinition): () => void {
    checkWidgetId(def.id);
    if (typeof def.render !== 'function') throw new TypeError(`client-widget: widget "${def.id}" needs a render function.`);
    this.defs.set(def.id, def);
    this.dispatchEvent(new Event('change'));
    return () => {
      if (this.defs.get(def.id) !== def) return;
      this.defs.delete(def.id);
      this.dispatchEvent(new Event('change'));
    };
  }
}

/** The page's host-widget registry. */
export const widgetRegistry = new WidgetRegistry();

/** A host section as the element renders it. */
export type HostSection =
  { kind: 'registered'; id: string; def: ClientWidgetDefinition } | { kind: 'slotted'; id: string; slot: string; titles: Partial<Record<Locale, string>> & { default: string } };

/** The prefix of slot names that become sections. */
export const WIDGET_SLOT_PREFIX = 'widget:';

/** The slotted sections among `host`'s children (`slot="widget:<id>"`), in document order. */
export function slottedSections(host: Element): HostSection[] {
  const out: HostSection[] = [];
  const seen = new Set<string>();
  for (const child of host.children) {
    const slot = child.getAttribute('slot');
    if (!slot?.startsWith(WIDGET_SLOT_PREFIX)) continue;
    const id = slot.slice(WIDGET_SLOT_PREFIX.length);
    if (!ID.test(id) || BUILT_IN.has(id) || seen.has(id)) continue;
    seen.add(id);
    const el = child as HTMLElement;
    out.push({
      kind: 'slotted',
      id,
      slot,
      titles: { default: el.dataset['title'] ?? id, en: el.dataset['titleEn'], es: el.dataset['titleEs'], ru: el.dataset['titleRu'] },
    });
  }
  return out;
}

/** The heading of a host section in `locale`. */
export function hostTitle(section: HostSection, locale: Locale): string {
  if (section.kind === 'slotted') return section.titles[locale] ?? section.titles.default;
  const t = section.def.title;
  try {
    return (typeof t === 'function' ? t(locale) : t) || section.id;
  } catch {
    return section.id;
  }
}
