/**
 * What `<tag-filter>` keeps between renders: the sorted entries (T5-T7, recomputed only when tags,
 * counts or value change), tag names folded once (T5: case and accents ignored) and folded ahead
 * while the browser is idle, the id map, and number texts per locale.
 */
import type { Id, Tag } from '../../sdk/model.js';
import { listTags, type TagEntry, type TagFilterValue } from '../../sdk/rules/tags.js';
import { foldText } from '../../sdk/rules/text.js';
import type { Locale } from '../i18n.js';

/** Tag names folded once, so a keystroke does not refold 2,000 names. */
const folded = new WeakMap<Tag, { name: string; folded: string }>();
function foldedName(tag: Tag): string {
  let f = folded.get(tag);
  if (f?.name !== tag.name) {
    f = { name: tag.name, folded: foldText(tag.name) };
    folded.set(tag, f);
  }
  return f.folded;
}

/** Whether two (normalized) tag filter values are the same. */
export const sameValue = (a: TagFilterValue, b: TagFilterValue) => a.mode === b.mode && a.pinned === b.pinned && a.tags.length === b.tags.length && a.tags.every((t, i) => t === b.tags[i]);

export class TagEntries {
  private memo: { tags: readonly Tag[]; counts: ReadonlyMap<Id, number>; key: string; entries: TagEntry[] } | null = null;
  private byId: { tags: readonly Tag[]; map: Map<Id, Tag> } | null = null;
  /** Number formatting and "N dialogs" texts per locale: building an `Intl.NumberFormat` costs ~0.1 ms, too much per row. */
  private numbers: { key: string; format: Intl.NumberFormat; dialogs: Map<number, string>; atLeast: Map<number, string>; countAtLeast: Map<number, string> } | null = null;
  private prefolded: readonly Tag[] | null = null;

  constructor(
    /** The strings key and locale of the element now. */
    private readonly locale: () => { key: string; locale: Locale },
    /** "N dialogs", translated; "at least N dialogs" when `atLeast` (L6: a lower bound). */
    private readonly dialogs: (count: number, atLeast: boolean) => string,
    /** "N+", translated (L6: a lower bound shown in the list). */
    private readonly countAtLeast: (count: number) => string,
  ) {}

  /** T5-T7: the sorted entries, recomputed only when tags, counts or value change (not per keystroke). */
  sorted(tags: readonly Tag[], counts: ReadonlyMap<Id, number>, value: TagFilterValue, atLeast = false): TagEntry[] {
    const key = `${value.mode}|${value.pinned}|${atLeast}|${value.tags.join('\u0000')}`;
    const memo = this.memo;
    if (memo && memo.tags === tags && memo.counts === counts && memo.key === key) return memo.entries;
    const entries = listTags(tags, counts, value, '', atLeast);
    this.memo = { tags, counts, key, entries };
    return entries;
  }

  /**
   * T5: filtering the sorted list keeps its order, so this equals `listTags(..., search, atLeast)`; the
   * folded names are cached per tag.
   */
  visible(tags: readonly Tag[], counts: ReadonlyMap<Id, number>, value: TagFilterValue, search: string, atLeast = false): TagEntry[] {
    const sorted = this.sorted(tags, counts, value, atLeast);
    const needle = foldText(search.trim());
    return needle ? sorted.filter((e) => foldedName(e.tag).includes(needle)) : sorted;
  }

  private numberCache(): { format: Intl.NumberFormat; dialogs: Map<number, string>; atLeast: Map<number, string>; countAtLeast: Map<number, string> } {
    const { key, locale } = this.locale();
    if (this.numbers?.key !== key) this.numbers = { key, format: new Intl.NumberFormat(locale), dialogs: new Map(), atLeast: new Map(), countAtLeast: new Map() };
    return this.numbers;
  }

  num(n: number): string {
    return this.numberCache().format.format(n);
  }

  /** T7: a count as the list shows it: "18", or "1,000+" for a lower bound (L6), translated once per locale and count. */
  countText(count: number, atLeast: boolean): string {
    if (!atLeast) return this.num(count);
    const cache = this.numberCache().countAtLeast;
    let text = cache.get(count);
    if (text === undefined) {
      text = this.countAtLeast(count);
      cache.set(count, text);
    }
    return text;
  }

  /** T7: the count's text for assistive technology ("VIP, 18 dialogs"; L6: "at least 1,000 dialogs"), translated once per locale and count. */
  dialogsText(count: number, atLeast = false): string {
    const numbers = this.numberCache();
    const cache = atLeast ? numbers.atLeast : numbers.dialogs;
    let text = cache.get(count);
    if (text === undefined) {
      text = this.dialogs(count, atLeast);
      cache.set(count, text);
    }
    return text;
  }

  /**
   * T5: folds the tag names while the browser is idle, so the first keystroke of a search does not
   * fold 2,000 names (about 10 ms) on its own.
   */
  prefold(tags: readonly Tag[]): void {
    if (tags === this.prefolded || tags.length === 0) return;
    this.prefolded = tags;
    let i = 0;
    const idle = (cb: (deadline?: IdleDeadline) => void) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(cb, { timeout: 500 }) : setTimeout(cb, 16));
    const step = (deadline?: IdleDeadline) => {
      if (this.prefolded !== tags) return;
      const until = performance.now() + Math.min(8, deadline ? deadline.timeRemaining() : 4);
      do foldedName(tags[i++]!);
      while (i < tags.length && (i % 32 !== 0 || performance.now() < until));
      if (i < tags.length) idle(step);
    };
    idle(step);
  }

  /** Tags by id (kept while the tag list is the same). */
  byIdOf(tags: readonly Tag[]): Map<Id, Tag> {
    if (this.byId?.tags !== tags) this.byId = { tags, map: new Map(tags.map((t) => [t.id, t])) };
    return this.byId.map;
  }
}

/**
 * The option a key moves to in the tag listbox (from option `from` of `count` rendered):
 * arrows, Page Up / Page Down (ten), Home / End; `'toggle'` for Space and Enter; null for other keys.
 * The result may lie past the last rendered option (the next page renders then).
 */
export function optionKeyTarget(key: string, from: number, count: number): number | 'toggle' | null {
  switch (key) {
    case 'ArrowDown':
      return from + 1;
    case 'ArrowUp':
      return from - 1;
    case 'PageDown':
      return from + 10;
    case 'PageUp':
      return from - 10;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    case ' ':
    case 'Enter':
      return 'toggle';
    default:
      return null;
  }
}
