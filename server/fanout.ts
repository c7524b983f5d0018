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
 *   missing below N is read from the `events` table, which already holds it;
 * - events go out strictly in order, each once; an operator with no socket here costs nothing
 *   but a number.
 * A socket's own resume (`since`, replay, then live) de-duplicates by `seq`, so a client that
 * reconnects to any instance gets every event once, in order.
 */
import type { Id } from '../sdk/model.js';
import type { ChatEvent } from '../sdk/protocol.js';
import { LocalEventBus, type EventBus, type SubscribeOptions } from './core/core.js';
import type { SqlStorage } from './db/sql-storage.js';

/** How long a notification of this instance's own commit waits for the commit's payloads before they are read. */
const LOCAL_GRACE_MS = 2000;

interface OperatorStream {
  /** The last `seq` given to this instance's listeners. */
  delivered: number;
  /** The highest `seq` known to be committed. */
  target: number;
  /** Committed events known by payload, not yet delivered (from commits on this instance). */
  stash: Map<number, ChatEvent>;
  /** A catch-up is running. */
  running: boolean;
}

/** An {@link EventBus} for one instance among several on one PostgreSQL database. */
export class ClusterBus implements EventBus {
  private readonly local = new LocalEventBus();
  private readonly streams = new Map<Id, OperatorStream>();
  private closed = false;
  /** Reads from the database since the start (catch-ups), for tests and figures. */
  fetches = 0;

  constructor(private readonly storage: SqlStorage) {}

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
      if (!this.streams.has(operatorId)) this.streams.set(operatorId, { delivered: seq, target: seq, stash: new Map(), running: false });
      else this.advance(operatorId, seq);
    }
  }

  close(): void {
    this.closed = true;
    this.local.close();
    this.streams.clear();
  }

  /** An operator's stream; one not in `event_heads` at start had no event yet (starts at 0). */
  private stream(operatorId: Id): OperatorStream {
    let s = this.streams.get(operatorId);
    if (!s) this.streams.set(operatorId, (s = { delivered: 0, target: 0, stash: new Map(), running: false }));
    return s;
  }

  private advance(operatorId: Id, seq: number): void {
    const s = this.stream(operatorId);
    if (seq > s.target) s.target = seq;
    if (!s.running && s.delivered < s.target) {
      s.running = true;
      void this.drain(operatorId, s).finally(() => (s.running = false));
    }
  }

  /** Delivers the operator's events in order up to the target, reading what is not at hand. */
  private async drain(operatorId: Id, s: OperatorStream): Promise<void> {
    while (!this.closed && s.delivered < s.target) {
      if (!this.local.has(operatorId)) {
        // Nobody listens here: a socket that connects later replays from the database itself.
        s.delivered = s.target;
        s.stash.clear();
        break;
      }
      const next = s.stash.get(s.delivered + 1);
      if (next) {
        s.stash.delete(next.seq);
        s.delivered = next.seq;
        this.local.publish([{ operatorId, event: next }]);
        continue;
      }
      // Committed elsewhere (or the local payload is not here yet): read it.
      this.fetches++;
      const target = s.target;
      let events: ChatEvent[] | null = null;
      try {
        events = await this.storage.eventsSince(operatorId, s.delivered);
      } catch {
        events = null;
      }
      if (this.closed) return;
      const found = (events ?? []).filter((e) => e.seq > s.delivered && e.seq <= target);
      if (found.length === 0) {
        // Pruned or unreadable: nothing to give in order; sockets resume from the database.
        s.delivered = Math.max(s.delivered, target);
        break;
      }
      const before = s.delivered;
      for (const e of found) {
        if (e.seq !== s.delivered + 1) break;
        s.stash.delete(e.seq);
        s.delivered = e.seq;
        this.local.publish([{ operatorId, event: e }]);
      }
      // A hole that reading does not fill (pruned): skip it rather than spin.
      if (s.delivered === before) s.delivered = found[0]!.seq - 1;
    }
    for (const seq of s.stash.keys()) if (seq <= s.delivered) s.stash.delete(seq);
  }
}
