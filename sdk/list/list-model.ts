/**
 * The dialog list of one `ChatClient`: a window on the answer of the current query (a prefix,
 * loaded page by page with keyset cursors), its exact counts, and the live changes that move rows
 * in and out of it. Design and trade-offs: docs/lists-at-scale.md.
 */
import { atom, onMount, type ReadableAtom, type WritableAtom } from 'nanostores';
import type { Dialog, DialogPage, Id, ListRow, SearchHit } from '../model.js';
import type { ListDialogsInput } from '../protocol.js';
import { queryCovers, type DialogQuery, type SortKey } from '../rules/query.js';
import { unreadDelta, type RowChange } from './membership.js';
import { deriveWindow, EMPTY_TAGS, shownIds, moveTagCounts, tagCountsChanged, replayLog, Window, windowFromPage, type ListHost, type ListOptions, type ListState } from './window.js';

export type { ListHost, ListOptions, ListState } from './window.js';

/** The list model. */
export class ListModel {
  private readonly state: WritableAtom<ListState>;
  private readonly unreadStore = atom<number>(0);
  private readonly tagStore = atom<ReadonlyMap<Id, number>>(EMPTY_TAGS);
  private readonly tagAtLeastStore = atom<boolean>(false);
  /** The list's state (rows loaded, total, loading...). */
  readonly $state: ReadableAtom<ListState>;
  /** N2: unread dialogs of this operator, exact. */
  readonly $unread: ReadableAtom<number> = this.unreadStore;
  /** T7: dialogs per tag for the query without its tag part, exact; asked for while someone listens. */
  readonly $tagCounts: ReadableAtom<ReadonlyMap<Id, number>> = this.tagStore;
  /**
   * T7 under a search (L6): `true` while `$tagCounts` are lower bounds (the server counted its
   * first 1,000 matches only; show "1,000+"). They stay lower bounds as events move them (a count
   * at most the true one stays so when both move by the same change), never fall below what the
   * loaded rows show, and become exact once the whole answer is loaded.
   */
  readonly $tagCountsAtLeast: ReadableAtom<boolean> = this.tagAtLeastStore;

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
    this.state = atom<ListState>({ query, loaded: 0, total: null, totalAtLeast: false, complete: false, loading: false, error: null, version: 0 });
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

  /** L6: the search hit of a row of the current window. */
  hit(id: Id): SearchHit | undefined {
    return this.current.hits.get(id);
  }

  /** Index of a dialog in the loaded rows, or -1. */
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
      totalAtLeast: c.totalAtLeast,
      complete: c.complete,
      loading: this.loading,
      error: this.error,
      version: this.version,
    });
    this.unreadStore.set(this.unread ?? 0);
    // `.value`, not `.get()`: reading must not mount the store (which asks the server for tags).
    const next = tagCountsChanged(this.tagStore.value ?? EMPTY_TAGS, c.tags);
    if (next) this.tagStore.set(next);
    const atLeast = c.tags !== null && c.tagsAtLeast;
    if (this.tagAtLeastStore.value !== atLeast) this.tagAtLeastStore.set(atLeast);
  }

  // ---------------------------------------------------------------- answers

  /** Starts from a snapshot's first page (the client applied events up to `page.seq`). */
  start(page: DialogPage, query: DialogQuery): void {
    this.gen++;
    const old = shownIds(this.current, this.source);
    this.log = [];
    this.held = [];
    this.source = null;
    const w = this.fragment(query, page, null);
    this.localRows.clear();
    w.countTagsLocally((id) => this.host.client(id));
    this.current = w;
    this.unread = page.counts.unreadDialogs ?? this.unread;
    this.error = null;
    this.loading = false;
    this.releaseMissing(old);
    this.publish();
    if (this.wantTags && !w.tags) this.refreshTags();
  }

  /** Builds a window (or the part of one after `floor`) from a page at its own `seq`; the client holds its rows. */
  private fragment(query: DialogQuery, page: DialogPage, floor: SortKey | null, touched: ReadonlySet<Id> = new Set()): Window {
    const { w, held } = windowFromPage(query, page, floor, touched, this.host.settings());
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
    const r = replayLog(w, this.log, seq, floor, counts, this.host.settings());
    // Rows the replay put in the window: the client holds their latest version (it may have let them go).
    if (r.keep.length) this.host.hold(r.keep);
    return r;
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

  /** Moves counts just answered by the server by the local changes whose events are still to come. */
  private reapplyLocal(w: Window, withUnread: boolean): number {
    return w.applyLocal(this.localRows, this.host.settings(), withUnread);
  }

  private takeFirst(query: DialogQuery, page: DialogPage): void {
    const old = shownIds(this.current, this.source);
    const w = this.fragment(query, page, null, this.touchedAfter(page.seq));
    const r = this.replay(w, page.seq, null, true);
    const local = this.reapplyLocal(w, page.counts.unreadDialogs !== undefined);
    w.countTagsLocally((id) => this.host.client(id));
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
    // The source first: answering from it keeps the widest window for the next change.
    for (const w of [this.source, this.current]) {
      if (w?.complete && queryCovers(w.query, query)) {
        this.derive(w, query);
        return Promise.resolve();
      }
    }
    return this.fetchFirst(query, this.pageSize, 'listDialogs');
  }

  /** Answers `query` from the complete window `src`, which covers it. */
  private derive(src: Window, query: DialogQuery): void {
    const w = deriveWindow(src, query, this.host.settings(), (id) => this.host.client(id));
    // The covering window stays (the previous derived one goes: its rows are all in it). A source
    // replaced by the current window goes: its rows outside the new source are let go.
    const dropped = src === this.current ? this.source : null;
    this.source = src;
    this.current = w;
    if (dropped) {
      const gone: Id[] = [];
      for (const id of dropped.rows.ids()) if (!this.holds(id)) gone.push(id);
      if (gone.length) this.host.released(gone);
    }
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
    w.append(part, page.cursor);
    w.countTagsLocally((id) => this.host.client(id));
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
    w.resort(this.host.settings());
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
          const changes = this.log.filter((entry) => entry.seq > page.seq).map((entry) => entry.change);
          for (const [id, { server, local }] of this.localRows) changes.push({ id, was: server, now: local });
          const stale = !moveTagCounts(tags, w.query, changes);
          w.tags = tags;
          w.tagsAtLeast = page.counts.tagsAtLeast === true;
          w.countTagsLocally((id) => this.host.client(id));
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
    if (this.current.apply(applied, settings, true)) stale = true;
    if (this.source?.apply(applied, settings, true)) stale = true;
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
