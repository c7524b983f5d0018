/**
 * Keeping up with the backend: the connection, the snapshot (bootstrap), the event stream in
 * sequence (`seq`), gaps and catch-ups (missed events, or a fresh snapshot when the gap is too
 * old), and the events between the snapshot and the stream's head.
 */
import { atom, batch as batchStores, type ReadableAtom, type WritableAtom } from 'nanostores';
import type { Snapshot } from '../model.js';
import type { ChatEvent, ConnectionState } from '../protocol.js';
import { ChatEventSchema, parse } from '../checks.js';
import type { DialogQuery } from '../rules/query.js';
import type { ClientContext } from './context.js';

/** A batch of pushed events stops after this long (ms); the rest follows in the next task. */
const SLICE_MS = 6;

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Runs `fn` in a new task (a message channel: not throttled like timers in a hidden tab). */
function nextTask(fn: () => void): void {
  if (typeof MessageChannel === 'undefined') {
    setTimeout(fn, 0);
    return;
  }
  const ch = new MessageChannel();
  ch.port1.onmessage = () => {
    ch.port1.close();
    fn();
  };
  ch.port2.postMessage(null);
}

/** What syncing asks of the rest of the client. */
export interface SyncHost {
  /** The list's query to bootstrap with. */
  query(): DialogQuery;
  /** Takes a snapshot; `again`: the client was ready before (a catch-up after too long a gap). */
  snapshot(snap: Snapshot, query: DialogQuery, again: boolean): void;
  /** Applies one validated event, in sequence. */
  apply(event: ChatEvent): void;
  /** After a burst of events (the list runs the answers waiting for them). */
  afterEvents(): void;
  /** After a fresh snapshot replaced the state: loaded histories load again. */
  reloadFeeds(): void;
  /** Online again: the outbox is sent. */
  online(): void;
}

/** The event sequence of a client. */
export class Sync {
  private readonly connection = atom<ConnectionState | 'idle'>('idle');
  private readonly ready = atom(false);
  /** Writable for the element tests that show the offline state (the in-process transport cannot go offline). */
  readonly $connection: WritableAtom<ConnectionState | 'idle'> = this.connection;
  readonly $ready: ReadableAtom<boolean> = this.ready;
  /** The last event applied. */
  lastSeq = 0;
  private disconnect: (() => void) | null = null;
  private syncing: Promise<void> | null = null;
  private pendingEvents: unknown[] = [];
  private flushScheduled = false;
  private everOnline = false;
  private batching = false;
  /** Where the event stream started (the transport's `head` when it came online). */
  private streamHead = 0;

  constructor(
    private readonly ctx: ClientContext,
    private readonly host: SyncHost,
  ) {}

  /** See `ChatClient.start`. */
  start(): Promise<void> {
    if (this.syncing) return this.syncing;
    if (this.disconnect && this.ready.get()) return Promise.resolve();
    if (!this.disconnect) {
      this.connection.set('connecting');
      this.disconnect = this.ctx.transport.connect({
        event: (payload) => this.receive(payload),
        state: (state, head) => this.onState(state, head),
      });
    }
    return this.track(this.bootstrap()).then(() => this.catchUpToStream());
  }

  /** Stops listening. */
  stop(): void {
    this.disconnect?.();
    this.disconnect = null;
    this.connection.set('closed');
  }

  /**
   * The snapshot and the event stream start side by side: when the stream started after the
   * snapshot was read, the events between them are asked for (nothing else would bring them).
   */
  private catchUpToStream(): Promise<void> | undefined {
    if (this.ready.get() && this.connection.get() === 'online' && this.streamHead > this.lastSeq) return this.resync();
    return undefined;
  }

  /** Marks the client as catching up while `work` runs: pushed events wait until it is done. */
  private track(work: Promise<void>): Promise<void> {
    const p = work.finally(() => {
      if (this.syncing === p) this.syncing = null;
    });
    this.syncing = p;
    return p;
  }

  private onState(state: ConnectionState, head?: number): void {
    this.connection.set(state);
    if (state === 'online') {
      this.streamHead = head ?? 0;
      if (this.everOnline && this.ready.get()) void this.resync();
      else if (!this.syncing) void this.catchUpToStream();
      this.everOnline = true;
      this.host.online();
    }
  }

  private async bootstrap(): Promise<void> {
    const query = this.host.query();
    const limit = Math.max(1, Math.min(500, Math.floor(this.ctx.options.listPageSize ?? 100)));
    const snap = await this.ctx.call('bootstrap', { query, limit });
    this.lastSeq = snap.seq;
    this.host.snapshot(snap, query, this.ready.get());
    this.ready.set(true);
  }

  /** See `ChatClient.resync`. */
  resync(): Promise<void> {
    if (this.syncing) return this.syncing;
    return this.track(this.catchUp());
  }

  private async catchUp(): Promise<void> {
    const since = this.lastSeq;
    const r = await this.ctx.call('eventsSince', { since }).catch((e: unknown) => {
      this.ctx.report(e, 'eventsSince');
      return null;
    });
    if (!r) return;
    if (r.gap) {
      try {
        await this.bootstrap();
      } catch (e) {
        this.ctx.report(e, 'bootstrap');
        return;
      }
      this.host.reloadFeeds();
      return;
    }
    // Pushed events wait meanwhile (`syncing`); a long catch-up is applied a slice per task.
    for (let i = 0; i < r.events.length;) {
      if (i > 0) await new Promise<void>((resolve) => nextTask(resolve));
      i += this.applySlice(i === 0 ? r.events : r.events.slice(i), true);
    }
    if (r.seq > this.lastSeq) this.lastSeq = r.seq;
  }

  /**
   * Events arrive here. A burst is applied in batches so that stores change, and notify, once per
   * batch; a batch stops after {@link SLICE_MS} and the rest follows in the next task, so a burst
   * of thousands of events never holds the page for more than about a frame (issue 13).
   */
  private receive(payload: unknown): void {
    this.pendingEvents.push(payload);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pendingEvents;
    this.pendingEvents = [];
    if (!batch.length) return;
    if (this.syncing) {
      // Applied once caught up (seq filtering drops what the catch-up already brought). If the
      // catch-up failed, they are dropped: the next event shows the gap and catches up again.
      this.syncing.then(
        () => this.inBatch(() => batch.forEach((p) => this.applyRaw(p))),
        () => undefined,
      );
      return;
    }
    const done = this.applySlice(batch, false);
    if (done === batch.length) return;
    // The rest (with what arrived meanwhile) in the next task, after the page had its frame.
    this.pendingEvents = batch.slice(done).concat(this.pendingEvents);
    this.flushScheduled = true;
    nextTask(() => this.flush());
  }

  /** Applies events of `batch` from the start, in one store batch, until {@link SLICE_MS} passed; answers how many it applied. */
  private applySlice(batch: readonly unknown[], replay: boolean): number {
    const deadline = now() + SLICE_MS;
    let i = 0;
    this.inBatch(() => {
      while (i < batch.length) {
        this.applyRaw(batch[i++], replay);
        if ((i & 7) === 0 && now() > deadline) break;
      }
    });
    return i;
  }

  /** Applies a burst of changes so that each store changes, and notifies, once. */
  private inBatch(fn: () => void): void {
    if (this.batching) return fn();
    this.batching = true;
    try {
      batchStores(fn);
    } finally {
      this.batching = false;
      this.host.afterEvents();
    }
  }

  /**
   * Validates and applies one pushed event. Malformed: reported and dropped, nothing changes.
   * `replay`: the event comes from a catch-up, in sequence; a malformed one is then skipped for
   * good (asking again would bring the same payload back).
   */
  private applyRaw(payload: unknown, replay = false): void {
    let event: ChatEvent;
    try {
      event = parse(ChatEventSchema, payload, 'event') as ChatEvent;
    } catch (e) {
      this.ctx.report(e, 'event');
      const seq = replay && payload && typeof payload === 'object' ? (payload as { seq?: unknown }).seq : undefined;
      if (typeof seq === 'number' && Number.isInteger(seq) && seq === this.lastSeq + 1) this.lastSeq = seq;
      return;
    }
    if (event.seq <= this.lastSeq) return; // applied already
    if (event.seq > this.lastSeq + 1 && this.ready.get() && !this.syncing) {
      // A gap: catch up first; this event comes back in the answer.
      void this.resync();
      return;
    }
    this.lastSeq = event.seq;
    this.host.apply(event);
  }
}
