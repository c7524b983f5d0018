/**
 * The dialog list of one `ChatClient`: a window on the answer of the current query (a prefix,
 * loaded page by page with keyset cursors), its exact counts, and the live changes that move rows
 * in and out of it. Design and trade-offs: docs/lists-at-scale.md.
 */
import { atom, onMount, type ReadableAtom, type WritableAtom } from 'nanostores';
import type { Dialog, DialogPage, Id, ListRow, SearchHit } from '../model.js';
import type { ListDialogsInput } from '../protocol.js';
import { compareKeys, matchesQuery, queryCovers, sortKey, withoutTags, type DialogQuery, type SortKey } from '../rules/query.js';
import { tagCounts } from '../rules/tags.js';
import { searchSnippet } from '../rules/text.js';
import { applyTagDelta, evaluate, unreadDelta, type RowChange, type SortSettings, type WindowKnowledge } from './membership.js';
import { SortedRows } from './sorted-rows.js';

/** What the list needs from its client. */
export interface ListHost {
  /** Asks the backend for a page (validated answer). */
  request(input: ListDialogsInput): Promise<DialogPage>;
  /** The last event number the client applied. */
  lastSeq(): number;
  /** Asks for missed events now (a page reflects events that did not arrive yet). */
  catchUp(): void;
  settings(): SortSettings;
  /** The row of a dialog the client holds. */
  row(id: Id): ListRow | undefined;
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
  /** Rows in the whole answer, exact; `null` until known. */
  total: number | null;
  /** All rows of the answer are loaded. */
  complete: boolean;
  /** An answer is on its way (a new query, a page, a refresh). */
  loading: boolean;
  /** Why the last request failed, if it did. */
  error: string | null;
  /** Changes whenever the rows change (their order, membership or content). */
  version: number;
}

const EMPTY_TAGS: ReadonlyMap<Id, number> = new Map();

/** A window on one query's answer. */
class Window {
  rows = new SortedRows<Dialog>();
  /** Key of the last row the server gave: every row of the answer up to it is here. */
  boundary: SortKey | null = null;
  /** The server's cursor for the rows after the boundary. */
  cursor: string | null = null;
  complete = false;
  total: number | null = null;
  tags: Record<Id, number> | null = null;
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

  knowledge(): WindowKnowledge {
    return { has: (id) => this.rows.has(id), complete: this.complete };
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
}

/** Options of the list. */
export interface ListOptions {
  /** Rows per page (default 100, at most 500). */
  pageSize?: number | undefined;
}

/** The list model. */
export class ListModel {
  private readonly state: WritableAtom<ListState>;
  private readonly unreadStore = atom<number>(0);
  private readonly tagStore = atom<ReadonlyMap<Id, number>>(EMPTY_TAGS);
  /** The list's state (rows loaded, total, loading...). */
  readonly $state: ReadableAtom<ListState>;
  /** N2: unread dialogs of this operator, exact. */
  readonly $unread: ReadableAtom<number> = this.unreadStore;
  /** T7: dialogs per tag for the query without its tag part, exact; asked for while someone listens. */
  readonly $tagCounts: ReadableAtom<ReadonlyMap<Id, number>> = this.tagStore;

  private current: Window;
  /** A complete window whose query covers the current one: kept to answer narrower queries locally. */
  private source: Window | null = null;
  private unread: number | null = null;
  private gen = 0;
  private version = 0;
  private inflight = 0;
  private loading = false;
  private error: string | null = null;
  private log: Array<{ seq: number; change: RowChange }> = [];
  private held: Array<{ seq: number; run: () => void }> = [];
  private paging: Promise<void> | null = null;
  private settling: Promise<void> | null = null;
  private wantTags = 0;
  /**
   * Dialogs changed locally (optimistic) since the last event about them: the row the server had
   * before, and the local row the counts now reflect. An answer that resets the counts gets these
   * differences again (its events are still to come).
   */
  private readonly localRows = new Map<Id, { server: ListRow | null; local: ListRow | null }>();
  private staleTimer: ReturnType<typeof setTimeout> | null = null;
  private catchUpTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly pageSize: number;

  constructor(
    private readonly host: ListHost,
    query: DialogQuery,
    options: ListOptions = {},
  ) {
    this.pageSize = Math.max(1, Math.min(500, Math.floor(options.pageSize ?? 100)));
    this.current = new Window(query);
    this.state = atom<ListState>({ query, loaded: 0, total: null, complete: false, loading: false, error: null, version: 0 });
    this.$state = this.state;
    onMount(this.tagStore, () => {
      this.wantTags++;
      if (this.wantTags === 1 && !this.current.tags) this.refreshTags();
      return () => {
        this.wantTags--;
      };
    });
  }

  // ---------------------------------------------------------------- reading

  /** The query the rows answer. */
  get query(): DialogQuery {
    return this.current.query;
  }

  /** The row at index `i` of the answer, when loaded. */
  at(i: number): Dialog | undefined {
    return this.current.rows.at(i);
  }

  /** Loaded rows from `from` to `to` (exclusive). */
  slice(from: number, to: number): Dialog[] {
    return this.current.rows.slice(from, to);
  }

  /** Index of a dialog in the loaded rows, or -1. */
  /** L6: the search hit of a row of the current window. */
  hit(id: Id): SearchHit | undefined {
    return this.current.hits.get(id);
  }

  indexOf(id: Id): number {
    return this.current.rows.indexOf(id);
  }

  /** Every loaded row, in order (a copy). */
  rows(): Dialog[] {
    return this.current.rows.toArray();
  }

  /** Whether a window holds this dialog. */
  holds(id: Id): boolean {
    return this.current.rows.has(id) || (this.source?.rows.has(id) ?? false);
  }

  /**
   * Resolves once the list has no question pending: the current query's answer, pages, tag
   * counts and a refresh the list was waiting to ask (asked now) are all in.
   */
  async settled(): Promise<void> {
    for (let i = 0; i < 100; i++) {
      if (this.staleTimer) {
        clearTimeout(this.staleTimer);
        this.staleTimer = null;
        void this.refresh();
      }
      const pending = this.settling ?? this.paging;
      if (pending) await pending;
      else if (this.inflight > 0 || this.held.length > 0) await new Promise((r) => setTimeout(r, 5));
      else if (!this.staleTimer) return;
    }
  }

  private publish(): void {
    this.version++;
    const c = this.current;
    this.state.set({
      query: c.query,
      loaded: c.rows.length,
      total: c.total,
      complete: c.complete,
      loading: this.loading,
      error: this.error,
      version: this.version,
    });
    this.unreadStore.set(this.unread ?? 0);
    const tags = c.tags;
    // `.value`, not `.get()`: reading must not mount the store (which asks the server for tags).
    const prev = this.tagStore.value ?? EMPTY_TAGS;
    if (!tags) {
      if (prev.size) this.tagStore.set(EMPTY_TAGS);
    } else if (prev.size !== Object.keys(tags).length || Object.entries(tags).some(([k, n]) => prev.get(k) !== n)) {
      this.tagStore.set(new Map(Object.entries(tags)));
    }
  }

  // ---------------------------------------------------------------- answers

  /** Starts from a snapshot's first page (the client applied events up to `page.seq`). */
  start(page: DialogPage, query: DialogQuery): void {
    this.gen++;
    const old = this.allIds();
    this.log = [];
    this.held = [];
    this.source = null;
    const w = this.fragment(query, page, null);
    this.localRows.clear();
    this.localTags(w);
    this.current = w;
    this.unread = page.counts.unreadDialogs ?? this.unread;
    this.error = null;
    this.loading = false;
    this.releaseMissing(old);
    this.publish();
    if (this.wantTags && !w.tags) this.refreshTags();
  }

  /** Builds a window (or the part of one after `floor`) from a page at its own `seq`. */
  private fragment(query: DialogQuery, page: DialogPage, floor: SortKey | null, touched: ReadonlySet<Id> = new Set()): Window {
    const w = new Window(query);
    const settings = this.host.settings();
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
    w.tags = page.counts.tags ? { ...page.counts.tags } : null;
    for (const h of page.hits ?? []) w.hits.set(h.dialogId, h);
    this.host.hold(held);
    return w;
  }

  /**
   * Merges an answer that reflects the storage at `page.seq`: once the client applied at least
   * that far, the changes it applied after `page.seq` are replayed onto the answer, so nothing is
   * missed or counted twice.
   */
  private whenCaughtUp(page: DialogPage, run: () => void): void {
    if (page.seq <= this.host.lastSeq()) {
      run();
      return;
    }
    this.held.push({ seq: page.seq, run });
    if (!this.catchUpTimer) {
      // The socket usually brings them first; ask if it does not.
      this.catchUpTimer = setTimeout(() => {
        this.catchUpTimer = null;
        if (this.held.length) this.host.catchUp();
      }, 250);
    }
  }

  /** Runs the answers waiting for events the client has now applied. */
  afterEvents(): void {
    if (!this.held.length) return;
    const seq = this.host.lastSeq();
    const ready = this.held.filter((h) => h.seq <= seq);
    if (!ready.length) return;
    this.held = this.held.filter((h) => h.seq > seq);
    for (const h of ready) h.run();
    this.trimLog();
  }

  private trimLog(): void {
    if (this.inflight === 0 && this.held.length === 0) this.log = [];
  }

  /** Replays the changes applied after `seq` onto `w` (rows after `floor` only); returns the N2 delta, or null when unknown. */
  private replay(w: Window, seq: number, floor: SortKey | null, counts: boolean): { unread: number | null; stale: boolean } {
    const settings = this.host.settings();
    let unread: number | null = 0;
    let stale = false;
    const last = new Map<Id, ListRow | null>();
    for (const entry of this.log) {
      if (entry.seq <= seq) continue;
      if (w.apply(entry.change, settings, counts, floor)) stale = true;
      last.set(entry.change.id, entry.change.now);
      const d = unreadDelta(entry.change);
      unread = unread === null || d === null ? null : unread + d;
    }
    // Rows the replay put in the window: the client holds their latest version (it may have let them go).
    const keep: ListRow[] = [];
    for (const [id, row] of last) if (row && w.rows.has(id)) keep.push(row);
    if (keep.length) this.host.hold(keep);
    return { unread, stale };
  }

  private touchedAfter(seq: number): Set<Id> {
    const out = new Set<Id>();
    for (const e of this.log) if (e.seq > seq) out.add(e.change.id);
    return out;
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inflight++;
    this.loading = true;
    this.publish();
    const done = () => {
      this.inflight--;
      if (this.inflight === 0) this.loading = false;
      this.trimLog();
    };
    return work.then(
      (v) => {
        done();
        return v;
      },
      (e: unknown) => {
        done();
        throw e;
      },
    );
  }

  private fail(e: unknown, context: string): void {
    this.error = e instanceof Error ? e.message : String(e);
    this.host.report(e, context);
    this.publish();
  }

  /** Asks the first page of `query` (with its counts) and makes it the window once merged. */
  private fetchFirst(query: DialogQuery, limit: number, context: string): Promise<void> {
    const gen = this.gen;
    const counts: ListDialogsInput['counts'] = this.wantTags ? ['total', 'unread', 'tags'] : ['total', 'unread'];
    const p = this.track(this.host.request({ query, limit, counts })).then(
      (page) =>
        new Promise<void>((resolve) => {
          this.whenCaughtUp(page, () => {
            if (gen === this.gen) this.takeFirst(query, page);
            resolve();
          });
        }),
      (e: unknown) => {
        if (gen === this.gen) this.fail(e, context);
      },
    );
    const s = p.finally(() => {
      if (this.settling === s) this.settling = null;
    });
    this.settling = s;
    return s;
  }

  /** T7 from the rows held, when the window holds the whole base of its query (complete, no tag filter). */
  private localTags(w: Window): void {
    const q = w.query;
    if (w.tags || !w.complete || q.tags.mode !== 'all' || q.tags.pinned) return;
    const clients = new Map<Id, NonNullable<ListRow['client']>>();
    const dialogs: Dialog[] = [];
    for (const [d] of w.rows.entries()) {
      dialogs.push(d);
      const c = this.host.row(d.id)?.client;
      if (c) clients.set(c.id, c);
    }
    w.tags = Object.fromEntries(tagCounts(dialogs, clients, false));
  }

  /** Moves counts just answered by the server by the local changes whose events are still to come. */
  private reapplyLocal(w: Window, withUnread: boolean): number {
    const settings = this.host.settings();
    let unread = 0;
    for (const [id, { server, local }] of this.localRows) {
      const change = { id, was: server, now: local };
      w.apply(change, settings, true);
      if (withUnread) unread += unreadDelta(change) ?? 0;
    }
    return unread;
  }

  private takeFirst(query: DialogQuery, page: DialogPage): void {
    const old = this.allIds();
    const w = this.fragment(query, page, null, this.touchedAfter(page.seq));
    const r = this.replay(w, page.seq, null, true);
    const local = this.reapplyLocal(w, page.counts.unreadDialogs !== undefined);
    this.localTags(w);
    if (page.counts.unreadDialogs !== undefined && r.unread !== null) this.unread = page.counts.unreadDialogs + r.unread + local;
    this.current = w;
    this.source = null;
    this.error = null;
    this.releaseMissing(old);
    this.publish();
    if (r.stale) this.markStale();
  }

  // ---------------------------------------------------------------- queries and pages

  /**
   * Shows `query`. Answered locally when a complete window's query covers it (filtering and
   * sorting the rows held), otherwise by the server; the rows on screen stay until the answer.
   */
  setQuery(query: DialogQuery): Promise<void> {
    if (JSON.stringify(query) === JSON.stringify(this.current.query)) return this.settled();
    this.gen++;
    this.held = [];
    for (const w of [this.current, this.source]) {
      if (w?.complete && queryCovers(w.query, query)) {
        this.derive(w, query);
        return Promise.resolve();
      }
    }
    return this.fetchFirst(query, this.pageSize, 'listDialogs');
  }

  /** Answers `query` from the complete window `src`, which covers it. */
  private derive(src: Window, query: DialogQuery): void {
    const settings = this.host.settings();
    const old = this.allIds();
    const noSearch = { ...query, search: '' };
    const base = withoutTags(noSearch);
    const tagsLocal = queryCovers(src.query, withoutTags(query));
    const keyed: Array<{ d: Dialog; k: SortKey }> = [];
    const baseDialogs: Dialog[] = [];
    const clients = new Map<Id, NonNullable<ListRow['client']>>();
    for (const [d] of src.rows.entries()) {
      const row = this.host.row(d.id);
      const client = row?.client ?? null;
      if (client) clients.set(client.id, client);
      const ctx = { clientOf: () => client };
      // The search part is the same as the source's, which every row of it passed.
      if (matchesQuery(d, noSearch, ctx)) keyed.push({ d, k: sortKey(d, query.sort, settings) });
      if (tagsLocal && matchesQuery(d, base, ctx)) baseDialogs.push(d);
    }
    keyed.sort((a, b) => compareKeys(a.k, b.k));
    const w = new Window(query);
    w.rows = SortedRows.fromSorted(
      keyed.map((x) => x.d),
      keyed.map((x) => x.k),
    );
    w.complete = true;
    w.total = keyed.length;
    w.hits = src.hits;
    w.tags = tagsLocal ? Object.fromEntries(tagCounts(baseDialogs, clients, query.tags.pinned)) : null;
    if (src !== this.current) {
      // Keep the covering window; the previous derived one goes.
      this.current = w;
    } else {
      this.source = src;
      this.current = w;
    }
    this.releaseMissing(old);
    this.publish();
    if (this.wantTags && !w.tags) this.refreshTags();
  }

  /** Loads the next page of the current query (one at a time). */
  loadMore(): Promise<void> {
    const w = this.current;
    if (w.complete || this.paging || !w.cursor) return this.paging ?? Promise.resolve();
    const gen = this.gen;
    const floor = w.boundary;
    const p = this.track(this.host.request({ query: w.query, cursor: w.cursor, limit: this.pageSize })).then(
      (page) =>
        new Promise<void>((resolve) => {
          this.whenCaughtUp(page, () => {
            if (gen === this.gen && this.current === w) this.takeNext(w, page, floor);
            resolve();
          });
        }),
      (e: unknown) => {
        if (gen === this.gen) this.fail(e, 'listDialogs');
      },
    );
    const paging = p.finally(() => {
      if (this.paging === paging) this.paging = null;
    });
    this.paging = paging;
    return paging;
  }

  private takeNext(w: Window, page: DialogPage, floor: SortKey | null): void {
    const part = this.fragment(w.query, page, floor, this.touchedAfter(page.seq));
    part.complete = page.cursor === null;
    const r = this.replay(part, page.seq, floor, false);
    const rows: Dialog[] = [];
    const keys: SortKey[] = [];
    for (const [d, k] of part.rows.entries()) {
      rows.push(d);
      keys.push(k);
    }
    w.rows.appendSorted(rows, keys);
    for (const [id, h] of part.hits) w.hits.set(id, h);
    w.boundary = part.boundary ?? w.boundary;
    w.cursor = page.cursor;
    w.complete = page.cursor === null;
    this.localTags(w);
    this.error = null;
    this.publish();
    if (r.stale) this.markStale();
  }

  /** Loads pages until row `index` is loaded (or the answer ends). */
  async ensure(index: number): Promise<void> {
    while (!this.current.complete && this.current.rows.length <= index) {
      const before = this.current.rows.length;
      const gen = this.gen;
      await this.loadMore();
      if (gen !== this.gen || this.error || this.current.rows.length === before) return;
    }
  }

  /** Asks the current query again (counts and first rows): after a change the list could not judge. */
  private markStale(): void {
    if (this.staleTimer) return;
    this.staleTimer = setTimeout(() => {
      this.staleTimer = null;
      void this.refresh();
    }, 300);
  }

  /**
   * The sort keys changed with the settings (F2: the response-time limit is part of the processing
   * order). A complete window is sorted again here, at once; otherwise the server's pages are
   * asked again. Membership and counts do not depend on the settings.
   */
  resort(): Promise<void> {
    const w = this.current;
    if (!w.complete) return this.refresh();
    const settings = this.host.settings();
    const keyed = [...w.rows.entries()].map(([d]) => ({ d, k: w.key(d, settings) }));
    keyed.sort((a, b) => compareKeys(a.k, b.k));
    w.rows = SortedRows.fromSorted(
      keyed.map((x) => x.d),
      keyed.map((x) => x.k),
    );
    w.boundary = keyed.at(-1)?.k ?? null;
    // A covering window kept for local answers was sorted by the old keys: let it go.
    this.source = null;
    this.publish();
    return Promise.resolve();
  }

  /** Asks the current query's first rows and counts again, keeping as many rows as are loaded (up to 500). */
  refresh(): Promise<void> {
    this.gen++;
    this.held = [];
    this.source = null;
    const limit = Math.min(500, Math.max(this.pageSize, this.current.rows.length));
    return this.fetchFirst(this.current.query, limit, 'listDialogs');
  }

  private refreshTags(): void {
    const gen = this.gen;
    const w = this.current;
    void this.track(this.host.request({ query: w.query, limit: 0, counts: ['tags'] })).then(
      (page) =>
        this.whenCaughtUp(page, () => {
          if (gen !== this.gen || this.current !== w) return;
          const tags = { ...(page.counts.tags ?? {}) };
          let stale = false;
          const changes = this.log.filter((entry) => entry.seq > page.seq).map((entry) => entry.change);
          for (const [id, { server, local }] of this.localRows) changes.push({ id, was: server, now: local });
          for (const change of changes) {
            const e = evaluate(w.query, change, { has: () => false, complete: false });
            if (!applyTagDelta(tags, w.query, change, e)) stale = true;
          }
          w.tags = tags;
          this.publish();
          if (stale) this.markStale();
        }),
      (e: unknown) => {
        if (gen === this.gen) this.fail(e, 'listDialogs');
      },
    );
  }

  // ---------------------------------------------------------------- live changes

  /**
   * Applies a change an event (numbered `seq`) told. Rows move in or out of each window; counts
   * move by the difference the query's predicate sees. Answers whether a window shows the dialog.
   */
  change(seq: number, change: RowChange): boolean {
    if (this.inflight > 0 || this.held.length > 0) this.log.push({ seq, change });
    const settings = this.host.settings();
    let stale = false;
    // After an optimistic change the counts show the local row: they move from it to the server's.
    const local = this.localRows.get(change.id);
    const applied = local !== undefined ? { ...change, was: local.local } : change;
    this.localRows.delete(change.id);
    for (const w of [this.current, this.source]) if (w && w.apply(applied, settings, true)) stale = true;
    const d = unreadDelta(applied);
    if (d === null) stale = true;
    else if (this.unread !== null) this.unread += d;
    this.publish();
    if (stale) this.markStale();
    return this.holds(change.id);
  }

  /**
   * Re-places a row changed locally (an optimistic command, its rollback, or its answer):
   * membership, order and counts follow at once; the next event about the dialog moves the counts
   * from this local row to the server's.
   */
  local(id: Id, was: ListRow | null | undefined, now: ListRow | null): boolean {
    const settings = this.host.settings();
    const change = { id, was, now };
    // `was` unknown (a dialog the client did not hold): the row is placed, the counts (the server's) stay.
    const counts = was !== undefined;
    let stale = false;
    for (const w of [this.current, this.source]) if (w?.apply(change, settings, counts)) stale = true;
    if (stale) this.markStale();
    if (counts) {
      const d = unreadDelta(change);
      if (d !== null && this.unread !== null) this.unread += d;
      this.localRows.set(id, { server: this.localRows.get(id)?.server ?? was ?? null, local: now });
    }
    this.publish();
    return this.holds(id);
  }

  /** Every dialog the windows show. */
  private allIds(): Set<Id> {
    const ids = new Set<Id>(this.current.rows.ids());
    if (this.source) for (const id of this.source.rows.ids()) ids.add(id);
    return ids;
  }

  private releaseMissing(old: Set<Id>): void {
    const gone: Id[] = [];
    for (const id of old) if (!this.holds(id)) gone.push(id);
    if (gone.length) this.host.released(gone);
  }

  /** Stops timers. */
  dispose(): void {
    if (this.staleTimer) clearTimeout(this.staleTimer);
    if (this.catchUpTimer) clearTimeout(this.catchUpTimer);
    this.staleTimer = null;
    this.catchUpTimer = null;
  }
}
