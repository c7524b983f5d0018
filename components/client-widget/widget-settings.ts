/**
 * W1: which sections the client block shows, in what order, kept per operator.
 *
 * A {@link WidgetLayout} is plain JSON. Where it is kept is a {@link WidgetSettingsStore}: the
 * default one ({@link createLocalWidgetSettingsStore}) uses the browser's `localStorage`, keyed
 * by operator id; a host gives `<client-widget>` its own (`settingsStore`) to keep the choice in
 * its CRM instead. The pure functions here ({@link normalizeLayout}, {@link moveSection},
 * {@link setSectionVisible}) are what the settings panel applies.
 */
import type { Id } from '../../sdk/model.js';

/** The built-in sections of `<client-widget>`, in their default order. */
export const BUILT_IN_SECTIONS = ['profile', 'source', 'orders', 'tags', 'analytics'] as const;

/** A built-in section id. */
export type BuiltInSectionId = (typeof BUILT_IN_SECTIONS)[number];

/** A section id: a built-in one, or the id a host widget was registered (or slotted) with. */
export type SectionId = BuiltInSectionId | (string & {});

/** One section in a layout: shown or hidden. */
export interface WidgetLayoutEntry {
  id: SectionId;
  visible: boolean;
}

/**
 * The client block's sections in display order, each shown or hidden (W1). Entries for sections
 * that are not present right now (a host widget not registered on this page) are kept, so a
 * layout saved on one page loses nothing on another.
 */
export interface WidgetLayout {
  sections: WidgetLayoutEntry[];
}

/**
 * Where an operator's layout is kept. `<client-widget>` calls `load` when it knows who is signed
 * in, and `save` after every change in its settings panel. Replace it (`settingsStore`) to keep
 * layouts in the CRM.
 */
export interface WidgetSettingsStore {
  /** The operator's saved layout, or `null` when they never saved one. Rejects when it cannot be read. */
  load(operatorId: Id): Promise<WidgetLayout | null>;
  /** Keeps the operator's layout. Rejects when it cannot be kept (the element says so). */
  save(operatorId: Id, layout: WidgetLayout): Promise<void>;
  /**
   * Optional: calls `listener` when the operator's layout changes elsewhere (another element on
   * the page, another tab), so every client block follows. Returns a function that stops it.
   */
  subscribe?(operatorId: Id, listener: (layout: WidgetLayout) => void): () => void;
}

/** The default layout: every given section shown, in the given order. */
export function defaultLayout(ids: readonly SectionId[]): WidgetLayout {
  return { sections: ids.map((id) => ({ id, visible: true })) };
}

/** Whether `value` is a well-formed {@link WidgetLayout} (e.g. read back from storage). */
export function isWidgetLayout(value: unknown): value is WidgetLayout {
  if (!value || typeof value !== 'object') return false;
  const sections = (value as { sections?: unknown }).sections;
  return (
    Array.isArray(sections) &&
    sections.every(
      (s: unknown) => !!s && typeof s === 'object' && typeof (s as WidgetLayoutEntry).id === 'string' && (s as WidgetLayoutEntry).id !== '' && typeof (s as WidgetLayoutEntry).visible === 'boolean',
    )
  );
}

/**
 * A layout fitted to the sections present now (`known`, in their default order): duplicates go;
 * entries of absent sections stay (at their place, for pages where they exist); a present section
 * the layout does not mention yet (a host widget added since) takes its default place: right after
 * the section that precedes it by default, shown.
 */
export function normalizeLayout(layout: WidgetLayout | null | undefined, known: readonly SectionId[]): WidgetLayout {
  if (!layout || !isWidgetLayout(layout)) return defaultLayout(known);
  const seen = new Set<string>();
  const sections: WidgetLayoutEntry[] = [];
  for (const s of layout.sections) {
    if (seen.has(s.id)) continue;
    seen.add(s.id);
    sections.push({ id: s.id, visible: s.visible });
  }
  known.forEach((id, i) => {
    if (seen.has(id)) return;
    seen.add(id);
    // After the nearest section that comes before it by default and is in the layout.
    let at = 0;
    for (let j = i - 1; j >= 0; j--) {
      const prev = sections.findIndex((s) => s.id === known[j]);
      if (prev >= 0) {
        at = prev + 1;
        break;
      }
    }
    sections.splice(at, 0, { id, visible: true });
  });
  return { sections };
}

/** The entries of the sections present now (`known`), in layout order. */
export function presentSections(layout: WidgetLayout, known: readonly SectionId[]): WidgetLayoutEntry[] {
  const set = new Set<string>(known);
  return layout.sections.filter((s) => set.has(s.id));
}

/**
 * Moves a section one place up (`-1`) or down (`+1`) among the sections present now: it swaps
 * with its present neighbour, so absent entries keep their places. Returns the same layout when
 * the section is already at that end.
 */
export function moveSection(layout: WidgetLayout, id: SectionId, delta: -1 | 1, known: readonly SectionId[]): WidgetLayout {
  const present = presentSections(layout, known);
  const at = present.findIndex((s) => s.id === id);
  const neighbour = present[at + delta];
  if (at < 0 || !neighbour) return layout;
  const sections = [...layout.sections];
  const i = sections.findIndex((s) => s.id === id);
  const j = sections.findIndex((s) => s.id === neighbour.id);
  [sections[i], sections[j]] = [sections[j]!, sections[i]!];
  return { sections };
}

/** Shows or hides a section. */
export function setSectionVisible(layout: WidgetLayout, id: SectionId, visible: boolean): WidgetLayout {
  return { sections: layout.sections.map((s) => (s.id === id ? { ...s, visible } : s)) };
}

/** Whether two layouts are the same. */
export function sameLayout(a: WidgetLayout, b: WidgetLayout): boolean {
  return a.sections.length === b.sections.length && a.sections.every((s, i) => s.id === b.sections[i]!.id && s.visible === b.sections[i]!.visible);
}

/** Options of {@link createLocalWidgetSettingsStore}. */
export interface LocalWidgetSettingsOptions {
  /** The web storage to use; default `localStorage` (a memory map where it is not available). */
  storage?: Pick<globalThis.Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined;
  /** Key prefix; the operator id follows it. Default `chatdesk.client-widget.layout.`. */
  prefix?: string;
}

/** The key prefix of the default store. */
export const LAYOUT_KEY_PREFIX = 'chatdesk.client-widget.layout.';

function memoryStorage(): Pick<globalThis.Storage, 'getItem' | 'setItem' | 'removeItem'> {
  const m = new Map<string, string>();
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
  };
}

function browserStorage(): Pick<globalThis.Storage, 'getItem' | 'setItem' | 'removeItem'> {
  try {
    if (typeof localStorage !== 'undefined') return localStorage;
  } catch {
    // Access denied (privacy settings, sandboxed frames): keep the layout for this page only.
  }
  return memoryStorage();
}

/**
 * A {@link WidgetSettingsStore} over web storage (`localStorage` by default), one key per operator.
 * Every element using the same store hears about a save at once; with `localStorage`, other tabs
 * do too (the `storage` event).
 *
 * Hand-written rather than on `@nanostores/persistent` (issue 16, esbuild, minified + gzip, with
 * nanostores shared): 677 B against 1,081 B for the same store on `persistentAtom`, whose storage
 * engine is global (`setPersistentEngine`) while this store takes a storage of its own.
 */
export function createLocalWidgetSettingsStore(options: LocalWidgetSettingsOptions = {}): WidgetSettingsStore {
  const prefix = options.prefix ?? LAYOUT_KEY_PREFIX;
  let storage = options.storage;
  const get = () => (storage ??= browserStorage());
  const listeners = new Map<Id, Set<(layout: WidgetLayout) => void>>();
  const tell = (operatorId: Id, layout: WidgetLayout) => {
    for (const l of [...(listeners.get(operatorId) ?? [])]) l(layout);
  };
  let listening = false;
  const onStorage = (e: StorageEvent) => {
    if (!e.key?.startsWith(prefix) || e.storageArea !== get()) return;
    const operatorId = e.key.slice(prefix.length);
    const layout = parseLayout(e.newValue);
    if (layout) tell(operatorId, layout);
  };
  return {
    async load(operatorId) {
      return parseLayout(get().getItem(prefix + operatorId));
    },
    async save(operatorId, layout) {
      get().setItem(prefix + operatorId, JSON.stringify(layout));
      tell(operatorId, layout);
    },
    subscribe(operatorId, listener) {
      let set = listeners.get(operatorId);
      if (!set) listeners.set(operatorId, (set = new Set()));
      set.add(listener);
      if (!listening && typeof window !== 'undefined') {
        window.addEventListener('storage', onStorage);
        listening = true;
      }
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(operatorId);
        if (listening && listeners.size === 0 && typeof window !== 'undefined') {
          window.removeEventListener('storage', onStorage);
          listening = false;
        }
      };
    },
  };
}

/** Reads a stored layout; anything malformed counts as none (the defaults apply). */
function parseLayout(raw: string | null): WidgetLayout | null {
  if (!raw) return null;
  try {
    const v: unknown = JSON.parse(raw);
    return isWidgetLayout(v) ? { sections: v.sections.map((s) => ({ id: s.id, visible: s.visible })) } : null;
  } catch {
    return null;
  }
}

/** The store every `<client-widget>` uses unless given another: `localStorage`, per operator. */
export const defaultWidgetSettingsStore: WidgetSettingsStore = createLocalWidgetSettingsStore();
