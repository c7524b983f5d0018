/** T1-T8, L5: the tag filter. */
import type { Client, ClientTag, Dialog, Id, Tag } from '../model.js';
import { foldText } from './text.js';

/** T2-T4: the three mutually exclusive modes of the tag filter. */
export type TagFilterMode = 'all' | 'none' | 'list';

/** The tag part of a dialog query: what `<tag-filter>` edits. */
export interface TagFilterValue {
  /** T2 "All", T3 "No tags", T4 "From the list". */
  mode: TagFilterMode;
  /** T4/T8: selected tags, combined with AND; empty unless mode is `list`. */
  tags: Id[];
  /** T6: only dialogs whose client has a pinned tag. */
  pinned: boolean;
}

/** T2: the initial value: all dialogs, nothing selected. */
export const ALL_TAGS: TagFilterValue = Object.freeze({ mode: 'all', tags: [], pinned: false }) as TagFilterValue;

/** T3/T4: normalizes a value so the modes exclude each other. */
export function normalizeTagFilter(value: TagFilterValue): TagFilterValue {
  if (value.mode === 'none') return { mode: 'none', tags: [], pinned: false };
  const tags = [...new Set(value.tags)];
  if (tags.length > 0) return { mode: 'list', tags, pinned: value.pinned };
  return { mode: 'all', tags: [], pinned: value.pinned };
}

/** T4: picking a tag switches to "From the list"; picking it again unselects it. */
export function toggleTag(value: TagFilterValue, tagId: Id): TagFilterValue {
  const has = value.tags.includes(tagId);
  const tags = has ? value.tags.filter((t) => t !== tagId) : [...value.tags, tagId];
  return normalizeTagFilter({ mode: 'list', tags, pinned: value.mode === 'none' ? false : value.pinned });
}

/** The client's tags that count under the pinned switch (T6). */
export function effectiveTags(tags: readonly ClientTag[], pinned: boolean): ClientTag[] {
  return pinned ? tags.filter((t) => t.pinned) : [...tags];
}

/** No tags (shared: the predicate runs for every row and every live event). */
const NO_TAGS: readonly ClientTag[] = Object.freeze([]);

/**
 * T3, T6, T8: whether a client (or no client) passes the tag filter.
 * - "No tags": the client has no tag (a dialog without client counts as untagged);
 * - "Pinned": the client has at least one pinned tag, and selected tags must be pinned ones;
 * - selected tags combine with AND.
 */
export function matchesTagFilter(client: Pick<Client, 'tags'> | null | undefined, value: TagFilterValue): boolean {
  const tags = client?.tags ?? NO_TAGS;
  if (value.mode === 'none') return tags.length === 0;
  // The effective tags (T6) without making a list of them: this runs for every row of a filter.
  const pinned = value.pinned;
  if (pinned && !tags.some((t) => t.pinned)) return false;
  if (value.mode === 'list') {
    for (const id of value.tags) if (!tags.some((t) => t.tagId === id && (!pinned || t.pinned))) return false;
  }
  return true;
}

/** T7: the number of dialogs per tag (pinned links only under the pinned switch). */
export function tagCounts(
  dialogs: Iterable<Pick<Dialog, 'clientId'>>,
  clients: ReadonlyMap<Id, Pick<Client, 'tags'>> | Readonly<Record<Id, Pick<Client, 'tags'> | undefined>>,
  pinned = false,
): Map<Id, number> {
  const get = clients instanceof Map ? (id: Id) => clients.get(id) : (id: Id) => (clients as Record<Id, Pick<Client, 'tags'> | undefined>)[id];
  const counts = new Map<Id, number>();
  for (const d of dialogs) {
    if (d.clientId === null) continue;
    const c = get(d.clientId);
    if (!c) continue;
    for (const t of effectiveTags(c.tags, pinned)) counts.set(t.tagId, (counts.get(t.tagId) ?? 0) + 1);
  }
  return counts;
}

/** A tag with its count, as `<tag-filter>` lists it. */
export interface TagEntry {
  tag: Tag;
  count: number;
  selected: boolean;
}

/**
 * T5-T7: the tags to list: matching the search (case and accents ignored), only those present
 * under the pinned switch when it is on, selected ones first (in selection order), then by count
 * (largest first), then by name and id, so the order is total and stable. When the counts are lower
 * bounds (`atLeast`: a common word's search, L6), a tag counted 0 may still be on dialogs past the
 * counted matches, so the pinned switch hides none for being 0.
 */
export function listTags(tags: readonly Tag[], counts: ReadonlyMap<Id, number>, value: TagFilterValue, search = '', atLeast = false): TagEntry[] {
  const needle = foldText(search.trim());
  const selected = value.mode === 'list' ? value.tags : [];
  const entries: TagEntry[] = [];
  for (const tag of tags) {
    const count = counts.get(tag.id) ?? 0;
    const isSelected = selected.includes(tag.id);
    if (value.pinned && count === 0 && !isSelected && !atLeast) continue;
    if (needle && !foldText(tag.name).includes(needle)) continue;
    entries.push({ tag, count, selected: isSelected });
  }
  return entries.sort((a, b) => {
    if (a.selected !== b.selected) return a.selected ? -1 : 1;
    if (a.selected && b.selected) return selected.indexOf(a.tag.id) - selected.indexOf(b.tag.id);
    if (a.count !== b.count) return b.count - a.count;
    const byName = a.tag.name.localeCompare(b.tag.name);
    if (byName !== 0) return byName;
    return a.tag.id < b.tag.id ? -1 : a.tag.id > b.tag.id ? 1 : 0;
  });
}

/** L5: a client's pinned tags, resolved against the tag dictionary, in the client's order. */
export function pinnedTags(client: Pick<Client, 'tags'> | null | undefined, tagsById: ReadonlyMap<Id, Tag>): Tag[] {
  const out: Tag[] = [];
  for (const t of client?.tags ?? []) {
    const tag = t.pinned ? tagsById.get(t.tagId) : undefined;
    if (tag) out.push(tag);
  }
  return out;
}

/** Relative luminance of a `#rgb`, `#rgba`, `#rrggbb` or `#rrggbbaa` colour (WCAG 2.1; alpha ignored). */
export function luminance(hex: string): number {
  let h = hex.trim().replace(/^#/, '');
  if (h.length === 3 || h.length === 4) h = [...h.slice(0, 3)].map((c) => c + c).join('');
  if (!/^[0-9a-f]{6}$/i.test(h.slice(0, 6))) return 0;
  const n = Number.parseInt(h.slice(0, 6), 16);
  const ch = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * ch[0]! + 0.7152 * ch[1]! + 0.0722 * ch[2]!;
}

/** WCAG contrast ratio between two colours. */
export function contrastRatio(a: string, b: string): number {
  const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (l1 + 0.05) / (l2 + 0.05);
}

const HEX_COLOR = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;

/**
 * Text colour for a tag background that keeps the better WCAG contrast: `dark` (black by
 * default) or `light` (white). `dark` and `light` may also be CSS values that are not hex
 * colours (e.g. `var(--_color-tag-text-dark)`): the choice is then made as if they were
 * `#000000` and `#ffffff`, and the given value is returned.
 */
export function readableTextColor(background: string, dark = '#000000', light = '#ffffff'): string {
  const d = HEX_COLOR.test(dark.trim()) ? dark : '#000000';
  const l = HEX_COLOR.test(light.trim()) ? light : '#ffffff';
  return contrastRatio(background, d) >= contrastRatio(background, l) ? dark : light;
}
