/**
 * The list's windows: one query's answer as loaded (a prefix of it, in order), how a page becomes
 * one, and how a complete window answers a narrower query locally. Used by `ListModel`.
 */
import type { ClientSummary, Dialog, DialogPage, Id, ListRow, SearchHit } from '../model.js';
import type { ListDialogsInput } from '../protocol.js';
import { compareKeys, effectiveSort, matchesQuery, queryCovers, sortKey, withoutTags, type DialogQuery, type SortKey } from '../rules/query.js';
import { searchSnippet } from '../rules/text.js';
import { matchesTagFilter } from '../rules/tags.js';
import { applyTagDelta, evaluate, unreadDelta, type RowChange, type SortSettings, type WindowKnowledge } from './membership.js';
import { SortedRows } from './sorted-rows.js';

/** What the list reads of a client: what the query's predicate and T7 look at. */
export type ClientFields = Pick<ClientSummary, 'id' | 'name' | 'tags'>;

/** What the list needs from its client. */
export interface ListHost {
  /** Asks the backend for a page (validated answer). */
  request(input: ListDialogsInput): Promise<DialogPage>;
  /** The last event number the client applied. */
  lastSeq(): number;
  /** Asks for missed events now (a page reflects events that did not arrive yet). */
  catchUp(): void;
  settings(): SortSettings;
  /** The client (its list fields) of a dialog's `clientId`, as the client holds it. */
  client(id: Id): ClientFields | undefined;
  /** Rows the list now shows: the client holds them. */
  hold(rows: readonly ListRow[]): void;
  /** Dialogs no window shows any more: the client may let them go. */
  released(ids: readonly Id[]): void;
  report(error: unknown, context: string): void;
}

/** The state of the list, for elements. */
export interface ListState {
  /** The query the rows answer. */
  query: DialogQuery;
  /** Rows loaded: the first `loaded` rows of the answer, in order. */
  loaded: number;
  /**
   * Rows in the whole answer, exact; `null` until known. With `totalAtLeast`, a lower bound that
   * grows as pages load (the rows loaded, plus one while the server has more).
   */
  total: number | null;
  /** L6: the server stopped counting a search's matches: the answer has at least `total` rows (show "1,000+"). */
  totalAtLeast: boolean;
  /** All rows of the answer are loaded. */
  complete: boolean;
  /** An answer is on its way (a new query, a page, a refresh). */
  loading: boolean;
  /** Why the last request failed, if it did. */
  error: string | null;
  /** Changes whenever the rows change (their order, membership or content). */
  version: number;
}

/** Options of the list. */
export interface ListOptions {
  /** Rows per page (default 100, at most 500). */
  pageSize?: number | undefined;
}

/** A window on one query's answer. */
export class Window implements WindowKnowledge {
  rows = new SortedRows<Dialog>();
  /** Key of the last row the server gave: every row of the answer up to it is here. */
  boundary: SortKey | null = null;
  /** The server's cursor for the rows after the boundary. */
  cursor: string | null = null;
  complete = false;
  total: number | null = null;
  /** The server's total is a lower bound (a search past its counting cap). */
  totalAtLeast = false;
  tags: Record<Id, number> | null = null;
  /**
   * T7 under a search (L6): the server counted the tags over its first matches only, so each count
   * in `tags` is a lower bound (never below the loaded rows' own count); exact again once the
   * window holds the whole base of its query.
   */
  tagsAtLeast = false;
  /** L6: the message the search matched, per dialog (shared with a window derived from this one: same search). */
  hits = new Map<Id, SearchHit>();

  constructor(readonly query: DialogQuery) {}

  key(d: Dialog, settings: SortSettings): SortKey {
    return sortKey(d, this.query.sort, settings);
  }

  /** Whether a row with `key` belongs to the loaded part (and after `floor`, when given). */
  inRange(key: SortKey, floor: SortKey | null = null): boolean {
    if (floor && compareKeys(key, floor) <= 0) return false;
    return this.complete || (this.boundary !== null && compareKeys(key, this.boundary) <= 0);
  }

  /** A new message that contains the search becomes the row's hit (the newest match). */
  private hitFrom(change: RowChange): void {
    const search = this.query.search.trim();
    if (!search || change.text === undefined || !change.message) return;
    const sn = searchSnippet(change.text, search);
    if (sn) this.hits.set(change.id, { dialogId: change.id, messageId: change.message.id, n: change.message.n, snippet: sn.text, match: sn.match });
  }

  /** What the window knows of its rows, for `evaluate` (the window itself: no object per change). */
  knowledge(): WindowKnowledge {
    return this;
  }

  /** Whether the window holds this dialog (so it matched). */
  has(id: Id): boolean {
    return this.rows.has(id);
  }

  /**
   * Applies one change: the row leaves, and enters again at its place when the query accepts it
   * and the place is within the loaded part. Counts move by the difference unless `counts` is
   * false (optimistic local changes: the event that follows moves them). Answers whether the
   * change could not be judged (the list must ask again).
   */
  apply(change: RowChange, settings: SortSettings, counts: boolean, floor: SortKey | null = null): boolean {
    if (change.readOnly) {
      // The row's content may be newer; its place and membership do not depend on the read position.
      if (change.now && this.rows.has(change.id)) {
        this.rows.remove(change.id);
        const key = this.key(change.now.dialog, settings);
        if (this.inRange(key, floor)) this.rows.insert(change.now.dialog, key);
      }
      return false;
    }
    const e = evaluate(this.query, change, this.knowledge());
    this.hitFrom(change);
    let stale = false;
    if (counts && this.total !== null) {
      if (e.was === null || e.now === null) stale = true;
      else this.total += Number(e.now) - Number(e.was);
    }
    if (counts && this.tags && !applyTagDelta(this.tags, this.query, change, e)) stale = true;
    this.rows.remove(change.id);
    if (change.now && e.now) {
      const key = this.key(change.now.dialog, settings);
      if (this.inRange(key, floor)) this.rows.insert(change.now.dialog, key);
    } else if (change.now && e.now === null) stale = true;
    return stale;
  }
  /**
   * T7 from the rows held: exact when the window holds the whole base of its query (complete, no
   * tag filter) and has no exact counts yet. Counts the server flagged as lower bounds (L6) are
   * raised to what the loaded rows show (each loaded row is in the base), and replaced by the exact
   * count once the whole base is loaded.
   */
  countTagsLocally(clientOf: (id: Id) => ClientFields | undefined): void {
    const q = this.query;
    const wholeBase = this.complete && q.tags.mode === 'all' && !q.tags.pinned;
    if (this.tags ? !this.tagsAtLeast : !wholeBase) return;
    const counts = new Map<Id, number>();
    this.rows.forEach((d) => addTags(counts, d, clientOf, q.tags.pinned));
    if (wholeBase || !this.tags) {
      this.tags = Object.fromEntries(counts);
      this.tagsAtLeast = false;
      return;
    }
    for (const [id, n] of counts) if ((this.tags[id] ?? 0) < n) this.tags[id] = n;
  }

  /** Sorts the rows again with new settings (F2); the window must be complete. */
  resort(settings: SortSettings): void {
    const keyed = [...this.rows.entries()].map(([d]) => ({ d, k: this.key(d, settings) }));
    keyed.sort((a, b) => compareKeys(a.k, b.k));
    this.rows = SortedRows.fromSorted(
      keyed.map((x) => x.d),
      keyed.map((x) => x.k),
    );
    this.boundary = keyed.at(-1)?.k ?? null;
  }

  /** Applies the local changes whose events are still to come (counts included); answers their N2 delta when `withUnread`. */
  applyLocal(localRows: ReadonlyMap<Id, { server: ListRow | null; local: ListRow | null }>, settings: SortSettings, withUnread: boolean): number {
    let unread = 0;
    for (const [id, { server, local }] of localRows) {
      const change = { id, was: server, now: local };
      this.apply(change, settings, true);
      if (withUnread) unread += unreadDelta(change) ?? 0;
    }
    return unread;
  }

  /** Appends the next page's part (its rows follow the boundary). */
  append(part: Window, cursor: string | null): void {
    const rows: Dialog[] = [];
    const keys: SortKey[] = [];
    for (const [d, k] of part.rows.entries()) {
      rows.push(d);
      keys.push(k);
    }
    this.rows.appendSorted(rows, keys);
    for (const [id, h] of part.hits) this.hits.set(id, h);
    this.boundary = part.boundary ?? this.boundary;
    this.cursor = cursor;
    this.complete = cursor === null;
    this.boundTotal();
  }

  /**
   * A capped total (L6) is a lower bound: it covers the rows loaded plus one while the server has
   * more (so the list keeps asking as it scrolls), and is exact once every row is loaded.
   */
  boundTotal(): void {
    if (!this.totalAtLeast) return;
    if (this.complete) {
      this.total = this.rows.length;
      this.totalAtLeast = false;
    } else this.total = Math.max(this.total ?? 0, this.rows.length + 1);
  }
}

/**
 * Builds a window (or the part of one after `floor`) from a page at its own `seq`, and the rows
 * the client should hold (those not `touched` since the page was read).
 */
export function windowFromPage(query: DialogQuery, page: DialogPage, floor: SortKey | null, touched: ReadonlySet<Id>, settings: SortSettings): { w: Window; held: ListRow[] } {
  const w = new Window(query);
  const clients = new Map(page.clients.map((c) => [c.id, c]));
  const reads = new Map(page.readStates.map((r) => [r.dialogId, r]));
  const rows: Dialog[] = [];
  const keys: SortKey[] = [];
  const held: ListRow[] = [];
  for (const d of page.dialogs) {
    const key = w.key(d, settings);
    w.boundary = key;
    rows.push(d);
    keys.push(key);
    // Changed since the page was read: the client holds a newer row, and the replay moves this one.
    if (!touched.has(d.id)) held.push({ dialog: d, client: d.clientId ? (clients.get(d.clientId) ?? null) : null, read: reads.get(d.id) ?? null });
  }
  w.rows = SortedRows.fromSorted(rows, keys);
  w.cursor = page.cursor;
  w.complete = page.cursor === null;
  if (floor && !w.boundary) w.boundary = floor;
  w.total = page.counts.total ?? null;
  w.totalAtLeast = page.counts.totalAtLeast === true;
  w.boundTotal();
  w.tags = page.counts.tags ? { ...page.counts.tags } : null;
  w.tagsAtLeast = w.tags !== null && page.counts.tagsAtLeast === true;
  for (const h of page.hits ?? []) w.hits.set(h.dialogId, h);
  return { w, held };
}

/** T7: counts the tags of `d`'s client (pinned links only under the pinned switch). */
function addTags(counts: Map<Id, number>, d: Dialog, clientOf: (id: Id) => ClientFields | undefined, pinned: boolean): void {
  const c = d.clientId === null ? undefined : clientOf(d.clientId);
  if (!c) return;
  for (const t of c.tags) if (!pinned || t.pinned) counts.set(t.tagId, (counts.get(t.tagId) ?? 0) + 1);
}

/** The sort's key parts and index order, reused by the next local sort change (grown when a window is larger). */
let sortScratch = { group: new Uint8Array(0), time: new Float64Array(0), order: new Uint32Array(0) };

/**
 * Answers `query` from the complete window `src`, which covers it: one pass over its rows in their
 * order, with no sort when the order is the same (a filter change), else one sort by keys made once
 * per row (a sort change). T7 is counted in the same pass when the source holds its whole base.
 */
export function deriveWindow(src: Window, query: DialogQuery, settings: SortSettings, clientOf: (id: Id) => ClientFields | undefined): Window {
  // The search part is the same as the source's, which every row of it passed.
  const noSearch = query.search ? { ...query, search: '' } : query;
  const base = withoutTags(noSearch);
  const tagsLocal = queryCovers(src.query, withoutTags(query));
  const sameOrder = effectiveSort(query.sort, settings) === effectiveSort(src.query.sort, settings);
  const ctx = { clientOf: (d: Dialog) => (d.clientId === null ? null : clientOf(d.clientId)) };
  // Sized for every row of the source and cut to the rows taken (arrays grown by push left three
  // times their size to collect).
  const rows = new Array<Dialog>(src.rows.length);
  const keys = new Array<SortKey>(src.rows.length);
  let taken = 0;
  // T7 counted in a Map (tag ids as keys of a plain object made each count a dictionary store).
  const counts = new Map<Id, number>();
  // The query is its base (no tag part) and its tag filter: the predicate runs once per row, and
  // only the tag filter again where the base's T7 counts are wanted too.
  const tagPart = query.tags.mode !== 'all' || query.tags.pinned;
  // The same filter both ways (a sort change): every row of the source is in, no predicate to run.
  const same = queryCovers(query, src.query) && queryCovers(src.query, query);
  src.rows.forEach((d, key) => {
    let match: boolean;
    if (same) {
      if (tagsLocal) addTags(counts, d, clientOf, query.tags.pinned);
      match = true;
    } else if (!tagPart || tagsLocal) {
      const inBase = matchesQuery(d, base, ctx);
      if (inBase && tagsLocal) addTags(counts, d, clientOf, query.tags.pinned);
      match = inBase && (!tagPart || matchesTagFilter(ctx.clientOf(d), query.tags));
    } else match = matchesQuery(d, noSearch, ctx);
    if (match) {
      rows[taken] = d;
      keys[taken++] = sameOrder ? key : sortKey(d, query.sort, settings, key);
    }
  });
  rows.length = keys.length = taken;
  const w = new Window(query);
  if (sameOrder) w.rows = SortedRows.fromSorted(rows, keys);
  else {
    // An index array sorted by flat arrays of the keys' parts (the comparisons were most of a
    // local sort change's script time, and sorting the rows themselves made copies to collect).
    const n = rows.length;
    if (sortScratch.order.length < n) sortScratch = { group: new Uint8Array(n), time: new Float64Array(n), order: new Uint32Array(n) };
    const { group, time } = sortScratch;
    const order = sortScratch.order.subarray(0, n);
    for (let i = 0; i < n; i++) {
      group[i] = keys[i]![0];
      time[i] = keys[i]![1];
      order[i] = i;
    }
    order.sort((a, b) => group[a]! - group[b]! || time[a]! - time[b]! || compareKeys(keys[a]!, keys[b]!));
    w.rows = SortedRows.fromOrder(rows, keys, order);
  }
  w.complete = true;
  w.total = rows.length;
  w.hits = src.hits;
  w.tags = tagsLocal ? Object.fromEntries(counts) : null;
  return w;
}

/**
 * Replays the logged changes numbered after `seq` onto `w` (rows after `floor` only). Answers the
 * N2 delta (`null` when unknown), whether a change could not be judged, and the rows the replay
 * put in the window (the client holds their latest version).
 */
export function replayLog(
  w: Window,
  log: ReadonlyArray<{ seq: number; change: RowChange }>,
  seq: number,
  floor: SortKey | null,
  counts: boolean,
  settings: SortSettings,
): { unread: number | null; stale: boolean; keep: ListRow[] } {
  let unread: number | null = 0;
  let stale = false;
  const last = new Map<Id, ListRow | null>();
  for (const entry of log) {
    if (entry.seq <= seq) continue;
    if (w.apply(entry.change, settings, counts, floor)) stale = true;
    last.set(entry.change.id, entry.change.now);
    const d = unreadDelta(entry.change);
    unread = unread === null || d === null ? null : unread + d;
  }
  const keep: ListRow[] = [];
  for (const [id, row] of last) if (row && w.rows.has(id)) keep.push(row);
  return { unread, stale, keep };
}

/** T7: moves tag counts (answered for `query`) by `changes`; answers false when one could not be judged. */
export function moveTagCounts(tags: Record<Id, number>, query: DialogQuery, changes: readonly RowChange[]): boolean {
  let ok = true;
  for (const change of changes) {
    const e = evaluate(query, change, { has: () => false, complete: false });
    if (!applyTagDelta(tags, query, change, e)) ok = false;
  }
  return ok;
}

/** No tag counts. */
export const EMPTY_TAGS: ReadonlyMap<Id, number> = new Map();

/** The tag-count map to publish when `tags` differ from `prev`, or `null` when they are the same. */
export function tagCountsChanged(prev: ReadonlyMap<Id, number>, tags: Record<Id, number> | null): ReadonlyMap<Id, number> | null {
  if (!tags) return prev.size ? EMPTY_TAGS : null;
  // Compared without making arrays of the entries: this runs on every live event while T7 is shown.
  let n = 0;
  for (const k in tags) {
    if (prev.get(k) !== tags[k]) return new Map(Object.entries(tags));
    n++;
  }
  return n === prev.size ? null : new Map(Object.entries(tags));
}

/** Every dialog the windows show. */
export function shownIds(...windows: ReadonlyArray<Window | null>): Set<Id> {
  const ids = new Set<Id>();
  for (const w of windows) if (w) for (const id of w.rows.ids()) ids.add(id);
  return ids;
}
