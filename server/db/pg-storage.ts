/**
 * The reference server on a PostgreSQL server, through node-postgres (`pg`): a pool of
 * connections for commands, one more connection held for LISTEN (events and cache changes of
 * other instances), and one for the leader's advisory lock. Only the driver lives here; the SQL is
 * `sql-storage.ts`, the same as on PGlite.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { SharedTransactions } from './pg-batch.js';
import { executor, sendTexts, transactionExecutor, txState } from './pg-executor.js';
import type { ReadAhead } from './sql-rows.js';
import { SqlStorage, type SqlDriver, type SqlExecutor, type SqlStorageOptions } from './sql-storage.js';

/** PostgreSQL's error codes a transaction is run again for (the other transaction won). */
const RETRYABLE = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected: PostgreSQL aborted one of two transactions waiting on each other
  '23505', // unique_violation: a concurrent command took the id or number first; run again, it sees it
  '55P03', // lock_not_available: a command that shared a transaction waited too long for a lock (pg-batch.ts)
]);
const MAX_ATTEMPTS = 6;

/** bigint (int8) columns hold epoch milliseconds and sequence numbers: numbers, as on PGlite. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === 20 && format !== 'binary' ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser,
};

/** Options of {@link openPostgres}. */
export interface PostgresOptions {
  /** Connections of the pool (default 10). */
  max?: number;
  /** `application_name` shown in `pg_stat_activity`. */
  applicationName?: string;
  /**
   * Group commit (default true): a command's transaction commits without waiting for its WAL
   * flush (`synchronous_commit = off` for that transaction only), so the rows it locked (an
   * operator's event counter) are free for the next command at once instead of after a disk
   * flush; then {@link SqlDriver.durable} waits for one flush shared by every command that
   * committed meanwhile, and only then is anything answered or sent. false: each transaction
   * waits for its own flush (PostgreSQL's default).
   */
  groupCommit?: boolean;
  /**
   * Concurrent commands share a transaction (default true), each inside its own savepoint, their
   * events numbered in one statement sent with the COMMIT (`pg-batch.ts`; two such transactions
   * open at a time on this instance). false: each command is its own transaction on its own connection.
   */
  shareTransactions?: boolean;
  /**
   * How long opening a connection, or waiting for a free one of the pool, may take before it
   * fails as unavailable (503) rather than hang (default 10,000 ms).
   */
  connectTimeoutMs?: number;
  /**
   * A transaction left idle this long is ended by PostgreSQL (default 30,000 ms; commands take
   * milliseconds). An instance cut off mid-transaction (a network partition, a frozen process)
   * would otherwise keep its row locks, such as an operator's event counter, and stall every
   * other instance until TCP gives up on it, two hours by default.
   */
  idleInTransactionTimeoutMs?: number;
}

/** A {@link SqlDriver} over a PostgreSQL server, with what several instances need besides. */
export interface PostgresDriver extends SqlDriver {
  readonly kind: 'postgres';
  readonly url: string;
  /** The group commit's flusher (its count of flushes, for tests and figures). */
  readonly flusher: WalFlusher;
  /** The transactions concurrent commands share (`null` with `shareTransactions: false`). */
  readonly shared: SharedTransactions | null;
  /**
   * Whether a backend process id (a notification's sender) is one of this instance's pool
   * connections: its commits reach this instance's bus with their payloads anyway.
   */
  ownsBackend(pid: number): boolean;
  /** A new connection outside the pool (LISTEN, session-level advisory locks). */
  connect(): Promise<pg.Client>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Opens a pool on `url` (`postgres://user:password@host:port/database`). */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<PostgresDriver> {
  // TCP keep-alive probes after 10 s idle: a database that vanished (a partition, a failover) is
  // noticed on idle connections (LISTEN, the leader's lock) in about a minute, not hours.
  const config = {
    connectionString: url,
    types,
    application_name: options.applicationName ?? 'chatdesk',
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  };
  const idleInTransaction = Math.max(1, Math.round(options.idleInTransactionTimeoutMs ?? 30_000));
  // Prepared statements (see statementName) are planned for their values each time. No JIT: a
  // command's statements touch a few rows, and compiling one whose estimate crosses jit_above_cost
  // (the numbering's, with its CTEs) took 40 ms of the 0.5 it ran.
  const pool = new pg.Pool({ ...config, max: options.max ?? 10, options: `-c plan_cache_mode=force_custom_plan -c jit=off -c idle_in_transaction_session_timeout=${idleInTransaction}` });
  // An idle connection that breaks (server restart) is dropped from the pool, not fatal.
  pool.on('error', () => undefined);
  await pool.query('SELECT 1').catch(async (e: unknown) => {
    await pool.end().catch(() => undefined);
    throw e;
  });
  const groupCommit = options.groupCommit ?? true;
  const flusherId = `${process.pid}-${randomBytes(6).toString('hex')}`;
  const flusher = new WalFlusher(flusherId, async () => {
    const client = new pg.Client(config);
    client.on('error', () => undefined);
    await client.connect();
    // The flush is what makes commands durable: it waits for the disk even where the server's
    // default is not to (a stronger default, such as remote_apply, is kept).
    const mode = (await client.query<{ synchronous_commit: string }>('SHOW synchronous_commit')).rows[0]?.synchronous_commit;
    if (mode === 'off') await client.query('SET synchronous_commit TO on');
    await client.query('INSERT INTO wal_flushes (flusher, n) VALUES ($1, 0) ON CONFLICT (flusher) DO NOTHING', [flusherId]);
    return client;
  });
  // One round trip: BEGIN and, with group commit, this transaction's commit mode. A command's
  // statements (keyed reads and writes, prepared per connection: pg-executor.ts) may keep a generic
  // plan once PostgreSQL finds it no costlier than planning each run (its default, `auto`); the
  // pool's other queries (lists built from filters) are planned for their values every time.
  const begin = `${groupCommit ? 'BEGIN; SET LOCAL synchronous_commit TO off' : 'BEGIN'}; SET LOCAL plan_cache_mode TO auto`;
  const backends = new Set<number>();
  // The pool listens for errors of idle connections only. One checked out and lost (a database
  // restart) would emit an 'error' nobody hears, which ends the process; with a listener its query
  // fails instead, and the pool drops it when it comes back (it is no longer queryable).
  const listened = new WeakSet<pg.PoolClient>();
  const connect = async () => {
    const client = await pool.connect();
    if (!listened.has(client)) {
      listened.add(client);
      client.on('error', () => undefined);
    }
    const pid = (client as unknown as { processID?: number | null }).processID;
    if (pid) backends.add(pid);
    return client;
  };
  const durable = () => (groupCommit ? flusher.flush() : Promise.resolve());
  // A read that flushes for itself (SqlDriver.durableReadPrefix): the pool's commits are
  // synchronous unless the server says otherwise. It writes its connection's own row (made if
  // missing), not the flusher's: a read that waited for the flusher's row lock (or another read's)
  // would wait for that one's flush, then flush again (docs/scaling.md, session 17).
  const poolMode = (await pool.query<{ synchronous_commit: string }>('SHOW synchronous_commit')).rows[0]?.synchronous_commit;
  const durableReadPrefix =
    groupCommit && poolMode !== 'off'
      ? `WITH cd_flush AS (INSERT INTO wal_flushes AS f (flusher, n) SELECT '${flusherId}-' || pg_backend_pid(), 1 WHERE pg_current_wal_flush_lsn() < pg_current_wal_insert_lsn()
           ON CONFLICT (flusher) DO UPDATE SET n = f.n + 1 RETURNING 1)`
      : undefined;
  const retryable = (e: unknown) => RETRYABLE.has((e as { code?: string }).code ?? '');
  const shared = options.shareTransactions === false ? null : new SharedTransactions({ connect, begin, durable, retryable, maxAttempts: MAX_ATTEMPTS });
  return {
    kind: 'postgres',
    url,
    flusher,
    shared,
    ownsBackend: (pid) => backends.has(pid),
    durableReadPrefix,
    ...executor(pool),
    async transaction(fn) {
      for (let attempt = 1; ; attempt++) {
        const client = await connect();
        let broken = false;
        let committed = false;
        // BEGIN goes with the first statement (transactionExecutor).
        const state = txState(begin);
        let result: Awaited<ReturnType<typeof fn>>;
        try {
          result = await fn(transactionExecutor(client, state));
          // The last statement may have committed already (queryAndCommit); a transaction that
          // sent nothing and holds nothing back costs no round trip at all.
          if (!state.committed && (state.sent || state.pending.length > 1)) await sendTexts(client, [...state.pending, 'COMMIT']);
          committed = true;
        } catch (e) {
          try {
            if (state.sent) await client.query('ROLLBACK');
          } catch {
            broken = true;
          }
          const code = (e as { code?: string }).code;
          if (!code || !RETRYABLE.has(code) || attempt >= MAX_ATTEMPTS) throw e;
        } finally {
          client.release(broken);
        }
        if (committed) {
          // Nothing of it is answered or sent before it is on disk.
          if (groupCommit) await flusher.flush();
          return result!;
        }
        // Someone else won a race: a short, growing, jittered pause, then again.
        await sleep(Math.random() * 5 * attempt);
      }
    },
    ...(shared && { sharedTransaction: <T>(fn: (tx: SqlExecutor) => Promise<T>, ahead?: ReadAhead) => shared.run(fn, ahead) }),
    durable,
    async connect() {
      const client = new pg.Client(config);
      client.on('error', () => undefined);
      await client.connect();
      return client;
    },
    close: async () => {
      await flusher.close();
      await pool.end();
    },
  };
}

/**
 * Waits for the WAL to be flushed, many waiters sharing one flush (group commit). {@link flush}
 * resolves once a flush that started after the call has finished: everything committed before
 * the call is then on disk. A flush is one statement on its own connection that, only when
 * something is not flushed yet, updates this flusher's row of `wal_flushes`: its commit is
 * synchronous and flushes the WAL up to it, every earlier commit included. (A commit that wrote
 * nothing, such as one that only took a transaction id, is not flushed by PostgreSQL.)
 */
export class WalFlusher {
  private conn: Promise<pg.Client> | null = null;
  /** The flush running now (it may have started before a new waiter's commit). */
  private running: Promise<void> | null = null;
  /** The flush that starts when the running one ends; waiters that came during it share it. */
  private nextFlush: Promise<void> | null = null;
  /** Flushes done (for tests and figures). */
  count = 0;
  private closed = false;

  constructor(
    /** Its row in `wal_flushes` (the connection inserts it). */
    private readonly id: string,
    private readonly connect: () => Promise<pg.Client>,
  ) {}

  flush(): Promise<void> {
    if (!this.running) return (this.running = this.start());
    if (!this.nextFlush) {
      const after = this.running.catch(() => undefined);
      this.nextFlush = after.then(() => {
        this.nextFlush = null;
        return (this.running = this.start());
      });
    }
    return this.nextFlush;
  }

  private async start(): Promise<void> {
    try {
      if (this.closed) throw new Error('closed');
      this.conn ??= this.connect();
      const client = await this.conn;
      // Flushed up to the insert position already: nothing to wait for (an idle database pays no write).
      await client.query('UPDATE wal_flushes SET n = n + 1 WHERE flusher = $1 AND pg_current_wal_flush_lsn() < pg_current_wal_insert_lsn()', [this.id]);
      this.count++;
    } catch (e) {
      // A broken connection: the next flush opens another; this one's waiters hear the error.
      const old = this.conn;
      this.conn = null;
      void old?.then((c) => c.end()).catch(() => undefined);
      throw e;
    } finally {
      this.running = null;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const c = this.conn;
    this.conn = null;
    await c
      ?.then(async (x) => {
        // Its row, and those of the pool's connections (durable reads: `${id}-${backend pid}`).
        await x.query("DELETE FROM wal_flushes WHERE flusher = $1 OR flusher LIKE $1 || '-%'", [this.id]);
        await x.end();
      })
      .catch(() => undefined);
  }
}

/** The SQL storage over a PostgreSQL server. Create with {@link PostgresStorage.open}. */
export class PostgresStorage extends SqlStorage {
  declare readonly db: PostgresDriver;

  /** Connects to `url` and applies the pending migrations. */
  static async open(url: string, options?: SqlStorageOptions & PostgresOptions): Promise<PostgresStorage> {
    const s = new PostgresStorage(await openPostgres(url, options), options);
    await s.migrate().catch(async (e: unknown) => {
      await s.close().catch(() => undefined);
      throw e;
    });
    return s;
  }
}
