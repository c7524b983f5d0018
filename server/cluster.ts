/**
 * What makes several server instances on one PostgreSQL database act as one: a connection that
 * LISTENs (events committed anywhere, changes of the small cached tables, deliveries handed to
 * the leader) and a leader, elected with a session-level advisory lock, that alone runs the
 * channel simulation and resumes deliveries left under way (by a restart, or by an instance that
 * died). When the leader's connection drops, PostgreSQL releases its lock and another instance
 * takes over within {@link ClusterOptions.leaderPollMs}. A leader that hangs or is frozen keeps its
 * connection open (the kernel still answers for it), so the lock also has a lease: the leader shows
 * a sign of life on it several times per {@link ClusterOptions.leaderLeaseMs}, and PostgreSQL ends
 * it after a lease without one (`idle_session_timeout`).
 */
import type pg from 'pg';
import type { Id } from '../sdk/model.js';
import type { ChatCore, DeliveryPlace } from './core/core.js';
import type { Storage } from './core/storage.js';
import type { PostgresStorage } from './db/pg-storage.js';
import { SESSIONS_CHANGED } from './db/sql-sessions.js';
import { CACHE_CHANNEL, EVENTS_CHANNEL, type SqlStorage } from './db/sql-storage.js';
import type { ClusterBus } from './fanout.js';

/** NOTIFY channel: a message to deliver, for the leader (payload: the message id). */
export const DELIVER_CHANNEL = 'chatdesk_deliver';
/** The advisory lock whose holder is the leader. */
const LEADER_LOCK = 7_302_114_003;

/** Options of {@link Cluster}. */
export interface ClusterOptions {
  /** How often an instance that is not the leader tries to become it (default 1000 ms). */
  leaderPollMs?: number;
  /**
   * How long the leader's lock outlives the last sign of life of its process (default 15 000 ms):
   * a leader whose process hangs or is frozen (a blocked event loop, a paused container or
   * virtual machine) is cut off by PostgreSQL after this, and another instance takes over. Needs
   * PostgreSQL 14 or later (`idle_session_timeout`); on an older server the lock lasts as long as
   * the leader's connection.
   */
  leaderLeaseMs?: number;
  /** How often the leader looks for deliveries nobody runs (default 10 000 ms). */
  sweepMs?: number;
  /** Errors worth a log line. */
  log?: (line: string) => void;
}

/** The cluster side of one instance. */
export class Cluster {
  private listener: pg.Client | null = null;
  private leaderConn: pg.Client | null = null;
  private leader = false;
  private closed = false;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private core: ChatCore | null = null;

  constructor(
    private readonly storage: PostgresStorage,
    private readonly bus: ClusterBus,
    private readonly options: ClusterOptions = {},
  ) {}

  /** Whether this instance runs the channel simulation now. */
  get isLeader(): boolean {
    return this.leader;
  }

  /** Starts listening (before the core serves anything, so no commit is missed). */
  async listen(): Promise<void> {
    await this.connectListener();
  }

  /** Starts taking part in the leader election for `core`. */
  startElection(core: ChatCore): void {
    this.core = core;
    void this.tryLead();
    this.every(this.options.sweepMs ?? 10_000, () => {
      if (this.leader) void core.resumeDeliveries().catch(() => undefined);
    });
    // The lease: a round trip on the lock's connection a few times per lease (a process that runs
    // at all makes them), so PostgreSQL ends that connection only when the process has stopped.
    this.every(Math.max(50, Math.round(this.lease / 4)), () => {
      const conn = this.leaderConn;
      if (this.leader && conn) void conn.query('SELECT 1').catch(() => undefined);
    });
  }

  /** {@link ClusterOptions.leaderLeaseMs}. */
  private get lease(): number {
    return this.options.leaderLeaseMs ?? 15_000;
  }
  /** Whether the database refused the lease's setting once (told once in the log). */
  private leaseRefused = false;

  /**
   * Hands a message to the leader (this instance does not simulate), with its dialog and channel
   * when known (`{"id":…,"dialogId":…,"channelId":…}`; the leader then need not read them).
   */
  handOver(messageId: Id, where?: DeliveryPlace): void {
    const payload = handOverPayload(messageId, where);
    // The messages accepted together (one shared transaction's) go in one statement, a
    // notification each: one round trip, not one per message.
    this.handOvers.push(payload);
    if (this.handOvers.length === 1) setImmediate(() => this.sendHandOvers());
  }
  /**
   * {@link handOver} inside the command's transaction `tx` (a storage of this database): the
   * notification goes with its commit, and only if it commits; no round trip of its own.
   */
  handOverInTransaction(tx: Storage, messageId: Id, where: DeliveryPlace): Promise<void> {
    return (tx as SqlStorage).notifyOnCommit(DELIVER_CHANNEL, handOverPayload(messageId, where));
  }
  /** Payloads of {@link handOver} waiting for the end of the event loop's turn. */
  private handOvers: string[] = [];
  /** A lost one is found by the leader's sweep ({@link startElection}). */
  private sendHandOvers(): void {
    const payloads = this.handOvers;
    this.handOvers = [];
    if (this.closed || payloads.length === 0) return;
    void this.storage.db.query('SELECT count(pg_notify($1, p)) FROM unnest($2::text[]) AS p', [DELIVER_CHANNEL, payloads]).catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const conns = [this.listener, this.leaderConn];
    this.listener = this.leaderConn = null;
    await Promise.all(conns.map((c) => c?.end().catch(() => undefined)));
  }

  private every(ms: number, fn: () => void): void {
    let t: ReturnType<typeof setTimeout>;
    const tick = () => {
      this.timers.delete(t);
      if (this.closed) return;
      fn();
      schedule();
    };
    const schedule = () => {
      t = setTimeout(tick, ms);
      t.unref();
      this.timers.add(t);
    };
    schedule();
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.closed) fn();
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  private async connectListener(): Promise<void> {
    const client = await this.storage.db.connect();
    client.on('notification', (n) => this.onNotification(n.channel, n.payload ?? '', n.processId));
    const lost = () => {
      if (this.listener !== client || this.closed) return;
      this.listener = null;
      this.options.log?.('cluster: the LISTEN connection dropped; reconnecting');
      this.reconnectListener();
    };
    client.on('error', lost);
    client.on('end', lost);
    await client.query(`LISTEN ${EVENTS_CHANNEL}; LISTEN ${CACHE_CHANNEL}; LISTEN ${DELIVER_CHANNEL}`);
    this.listener = client;
    // Read the heads only now: any commit after this read is also notified.
    const heads = await this.storage.db.query<{ operator_id: string; seq: number }>('SELECT operator_id, seq FROM event_heads');
    this.bus.heads(heads.rows.map((r) => ({ operatorId: r.operator_id, seq: r.seq })));
  }

  private reconnectListener(): void {
    this.later(500, () => {
      void (async () => {
        try {
          await this.connectListener();
          // What changed while no one listened: the small tables, and (for the leader) messages
          // handed over meanwhile, whose notifications nobody heard (else the sweep finds them).
          await this.storage.reloadCaches();
          if (this.leader) await this.core?.resumeDeliveries();
        } catch {
          this.reconnectListener();
        }
      })();
    });
  }

  private onNotification(channel: string, payload: string, sender: number): void {
    if (channel === EVENTS_CHANNEL) {
      let heads: unknown;
      try {
        heads = JSON.parse(payload);
      } catch {
        return;
      }
      if (!Array.isArray(heads)) return;
      // A commit of this instance: its events come with their payloads once they are durable.
      const local = this.storage.db.ownsBackend(sender);
      for (const h of heads) if (Array.isArray(h) && typeof h[0] === 'string' && typeof h[1] === 'number') this.bus.announce(h[0], h[1], local);
    } else if (channel === CACHE_CHANNEL) {
      // A sign-out anywhere: forget the sessions checked here (`sql-sessions.ts`); anything else: the small tables changed.
      if (payload === SESSIONS_CHANGED) this.storage.forgetSessions();
      else void this.storage.reloadCaches().catch(() => undefined);
    } else if (channel === DELIVER_CHANNEL) {
      if (this.leader) this.core?.requestDelivery(...deliveryOf(payload));
    }
  }

  /** A try of {@link tryLead} runs, or is due: never two at once (each would open a connection, and one could keep the lock unseen). */
  private trying = false;
  private leadDue = false;

  /** Tries to lead again after {@link ClusterOptions.leaderPollMs} (once, however many ask). */
  private leadLater(): void {
    if (this.closed || this.leadDue) return;
    this.leadDue = true;
    this.later(this.options.leaderPollMs ?? 1000, () => {
      this.leadDue = false;
      void this.tryLead();
    });
  }

  /** Tries to take the leader's lock; retries while another instance holds it. */
  private async tryLead(): Promise<void> {
    if (this.closed || this.leader || this.trying) return;
    this.trying = true;
    try {
      if (!this.leaderConn) {
        const conn = await this.storage.db.connect();
        const lost = () => {
          if (this.leaderConn !== conn) return;
          this.leaderConn = null;
          if (this.leader) {
            // The lock went with the connection: stop simulating; another instance may lead now.
            this.leader = false;
            this.options.log?.('cluster: lost the leader connection');
            void this.core?.setSimulating(false);
          }
          this.leadLater();
        };
        conn.on('error', lost);
        conn.on('end', lost);
        this.leaderConn = conn;
        // Also while trying: each try is a round trip, so only a process that stopped goes idle this long.
        await conn.query(`SET idle_session_timeout = ${Math.max(this.lease, 2 * (this.options.leaderPollMs ?? 1000))}`).catch((e: unknown) => {
          if (this.leaseRefused) return;
          this.leaseRefused = true;
          this.options.log?.(`cluster: no lease on the leader's lock (${(e as Error).message}): a frozen leader keeps it until its connection drops`);
        });
      }
      const conn = this.leaderConn;
      const r = await conn.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [LEADER_LOCK]);
      // (A connection lost meanwhile took the lock with it.)
      if (r.rows[0]?.ok && this.leaderConn === conn && !this.closed) {
        this.leader = true;
        this.trying = false;
        await this.core?.setSimulating(true);
        return;
      }
    } catch {
      /* retried below */
    } finally {
      this.trying = false;
    }
    this.leadLater();
  }
}

/** What {@link Cluster.handOver} notifies: the message, with its dialog and channel when known. */
function handOverPayload(messageId: Id, where: DeliveryPlace | undefined): string {
  return where ? JSON.stringify({ id: messageId, dialogId: where.dialogId, channelId: where.channelId }) : messageId;
}

/** A hand-over's payload: a message id, or `{"id":…,"dialogId":…,"channelId":…}` (see {@link Cluster.handOver}). */
function deliveryOf(payload: string): [Id, DeliveryPlace?] {
  if (!payload.startsWith('{"id":')) return [payload];
  try {
    const p = JSON.parse(payload) as Record<string, unknown>;
    if (typeof p.id === 'string' && typeof p.dialogId === 'string' && typeof p.channelId === 'string') return [p.id, { dialogId: p.dialogId, channelId: p.channelId }];
  } catch {
    // Not ours: taken as an id.
  }
  return [payload];
}
