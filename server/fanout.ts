/**
 * Fan-out of events across several server instances on one PostgreSQL database.
 *
 * Each command commits its events with per-operator sequence numbers (see
 * `SqlStorage.appendEvents`: a counter row per operator, locked until the commit, so an
 * operator's numbers commit in increasing order with no gap). The transaction also sends a
 * NOTIFY on `chatdesk_events` carrying, per operator, the highest number it committed; PostgreSQL
 * delivers it to every listening instance when, and only if, the transaction commits, in commit
 * order.
 *
 * {@link ClusterBus} turns that into an ordered stream per operator on each instance:
 * - it knows, per operator, the last number it delivered to this instance's sockets (read from
 *   `event_heads` once LISTEN is active, so nothing committed after is missed);
 * - the events of a command committed here arrive with their payloads (no database read); a
 *   notification from elsewhere (or from here, arriving first) says "committed up to N": what is
 *   missing below N is read from the `events` table, which already holds it: one query for every
 *   operator behind at the time (a notification names many), not one per operator;
 * - events go out strictly in order, each once; an operator with no socket here costs nothing
 *   but a number.
 * A socket's own resume (`since`, replay, then live) de-duplicates by `seq`, so a client that
 * reconnects to any instance gets every event once, in order.
 */
import type { Id } from '../sdk/model.js';
import type { ChatEvent } from '../sdk/protocol.js';
import { LocalEventBus, type EventBus, type SubscribeOptions } from './core/core.js';
import type { EventRange } from './db/sql-events.js';
import type { SqlStorage } from './db/sql-storage.js';

/** How long a notification of this instance's own commit waits for the commit's payloads before they are read. */
const LOCAL_GRACE_MS = 2000;
/**
 * How a read that fails (the database restarts, a connection broke) is tried again: after
 * `firstMs`, then twice as long each time up to `maxMs`, `attempts` reads in all; the events
 * after it wait meanwhile, in order. Only then are the missing ones skipped: the SDK sees the
 * jump in `seq` and catches up. Default: 100 ms, up to 2 s, 20 reads (about 30 s).
 */
export interface ReadRetry {
  firstMs: number;
  maxMs: number;
  attempts: number;
}
const READ_RETRY: ReadRetry = { firstMs: 100, maxMs: 2000, attempts: 20 };

interface OperatorStream {
  /** The last `seq` given to this instance's listeners. */
  delivered: number;
  /** The highest `seq` known to be committed. */
  target: number;
  /** Committed events known by payload, not yet delivered (from commits on this instance, or read). */
  stash: Map<number, ChatEvent>;
}

/** An {@link EventBus} for one instance among several on one PostgreSQL database. */
export class ClusterBus implements EventBus {
  private readonly local = new LocalEventBus();
  private readonly streams = new Map<Id, OperatorStream>();
  /** Operators whose next event must be read from the database ({@link readBehind}). */
  private readonly behind = new Set<Id>();
  /** A read runs. */
  private reading = false;
  private closed = false;
  /** Reads from the database since the start (catch-ups), for tests and figures. */
  fetches = 0;
  /** Failed reads in a row (tried again, {@link ReadRetry.attempts} in all). */
  private failures = 0;
  /** Wakes the pause before a failed read is tried again (on close). */
  private wake: (() => void) | null = null;

  constructor(
    private readonly storage: SqlStorage,
    private readonly retry: ReadRetry = READ_RETRY,
  ) {}

  subscribe(operatorId: Id, listener: (event: ChatEvent) => void, options?: SubscribeOptions): () => void {
    return this.local.subscribe(operatorId, listener, options);
  }

  /** Events of a command committed on this instance, in order. */
  publish(events: ReadonlyArray<{ operatorId: Id; event: ChatEvent }>): void {
    const highest = new Map<Id, number>();
    for (const { operatorId, event } of events) {
      const s = this.stream(operatorId);
      if (event.seq > s.delivered) s.stash.set(event.seq, event);
      highest.set(operatorId, Math.max(highest.get(operatorId) ?? 0, event.seq));
    }
    for (const [operatorId, seq] of highest) this.advance(operatorId, seq);
  }

  /**
   * Everything up to `seq` is committed for the operator (a NOTIFY, or a head read after a
   * reconnect). `local`: committed by this instance, whose {@link publish} brings the payloads
   * once the commit is on disk (the notification comes before that): reading them from the
   * database would be work for nothing, so that waits {@link LOCAL_GRACE_MS} in case the
   * publish never comes (the flush failed).
   */
  announce(operatorId: Id, seq: number, local = false): void {
    if (!local) return this.advance(operatorId, seq);
    setTimeout(() => {
      if (!this.closed) this.advance(operatorId, seq);
    }, LOCAL_GRACE_MS).unref?.();
  }

  /**
   * The heads read once LISTEN is active (at start and after a reconnect): operators seen for the
   * first time start there; known ones catch up to them.
   */
  heads(heads: ReadonlyArray<{ operatorId: Id; seq: number }>): void {
    for (const { operatorId, seq } of heads) {
      if (!this.streams.has(operatorId)) this.streams.set(operatorId, { delivered: seq, target: seq, stash: new Map() });
      else this.advance(operatorId, seq);
    }
  }

  close(): void {
    this.closed = true;
    this.wake?.();
    this.local.close();
    this.streams.clear();
  }

  /** An operator's stream; one not in `event_heads` at start had no event yet (starts at 0). */
  private stream(operatorId: Id): OperatorStream {
    let s = this.streams.get(operatorId);
    if (!s) this.streams.set(operatorId, (s = { delivered: 0, target: 0, stash: new Map() }));
    return s;
  }

  private advance(operatorId: Id, seq: number): void {
    const s = this.stream(operatorId);
    if (seq > s.target) s.target = seq;
    this.deliver(operatorId, s);
  }

  /**
   * Gives the operator's listeners what is at hand, in order; what is missing is read with every
   * other operator's in the next read ({@link readBehind}).
   */
  private deliver(operatorId: Id, s: OperatorStream): void {
    if (s.delivered >= s.target) return;
    if (!this.local.has(operatorId)) {
      // Nobody listens here: a socket that connects later replays from the database itself.
      s.delivered = s.target;
      s.stash.clear();
      return;
    }
    for (let next = s.stash.get(s.delivered + 1); next; next = s.stash.get(s.delivered + 1)) {
      s.stash.delete(next.seq);
      s.delivered = next.seq;
      this.local.publish([{ operatorId, event: next }]);
    }
    if (s.delivered < s.target) {
      this.behind.add(operatorId);
      if (this.reading) return;
      // After the notification at hand: the other operators it names join the same read.
      this.reading = true;
      queueMicrotask(() => void this.readBehind());
    }
  }

  /**
   * Reads what the operators behind miss (committed elsewhere, or a local payload not here yet):
   * one query for all of them, then again for those still behind, until none is. Only one read
   * runs at a time; operators that fall behind meanwhile go in the next one.
   */
  private async readBehind(): Promise<void> {
    try {
      while (!this.closed && this.behind.size > 0) {
        const ranges: EventRange[] = [];
        for (const operatorId of this.behind) {
          const s = this.streams.get(operatorId);
          if (s && s.delivered < s.target) ranges.push({ operatorId, after: s.delivered, upto: s.target });
        }
        this.behind.clear();
        if (ranges.length === 0) break;
        this.fetches++;
        let found: Map<Id, ChatEvent[]> | null = null;
        try {
          found = await this.storage.eventsIn(ranges);
          this.failures = 0;
        } catch {
          found = null;
        }
        if (this.closed) return;
        if (!found && ++this.failures < this.retry.attempts) {
          // Again after a pause, with whoever falls behind meanwhile; nothing after the hole goes out first.
          for (const { operatorId } of ranges) this.behind.add(operatorId);
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, Math.min(this.retry.maxMs, this.retry.firstMs * 2 ** (this.failures - 1)));
            this.wake = () => (clearTimeout(timer), resolve());
          });
          this.wake = null;
          continue;
        }
        this.failures = 0;
        for (const { operatorId, upto } of ranges) {
          const s = this.streams.get(operatorId);
          if (!s) continue;
          const events = (found?.get(operatorId) ?? []).filter((e) => e.seq > s.delivered);
          if (events.length === 0) {
            // Pruned, or unreadable all this while: nothing to give in order; the clients see the
            // jump in `seq` and catch up from the database themselves.
            s.delivered = Math.max(s.delivered, upto);
          } else if (events[0]!.seq !== s.delivered + 1) {
            // A hole that reading does not fill (pruned): skip it rather than spin.
            s.delivered = events[0]!.seq - 1;
          }
          for (const e of events) s.stash.set(e.seq, e);
          this.deliver(operatorId, s);
          for (const seq of s.stash.keys()) if (seq <= s.delivered) s.stash.delete(seq);
        }
      }
    } finally {
      this.reading = false;
    }
  }
}
