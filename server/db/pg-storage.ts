/**
 * The reference server on a PostgreSQL server, through node-postgres (`pg`): a pool of
 * connections for commands, one more connection held for LISTEN (events and cache changes of
 * other instances), and one for the leader's advisory lock. Only the driver lives here; the SQL is
 * `sql-storage.ts`, the same as on PGlite.
 */
import pg from 'pg';
import { SqlStorage, type SqlDriver, type SqlExecutor, type SqlStorageOptions } from './sql-storage.js';

/** PostgreSQL's error codes a transaction is run again for (the other transaction won). */
const RETRYABLE = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected: PostgreSQL aborted one of two transactions waiting on each other
  '23505', // unique_violation: a concurrent command took the id or number first; run again, it sees it
]);
const MAX_ATTEMPTS = 6;

/** bigint (int8) columns hold epoch milliseconds and sequence numbers: numbers, as on PGlite. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 && format !== 'binary' ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** Options of {@link openPostgres}. */
export interface PostgresOptions {
  /** Connections of the pool (default 10). */
  max?: number;
  /** `application_name` shown in `pg_stat_activity`. */
  applicationName?: string;
}

/** A {@link SqlDriver} over a PostgreSQL server, with what several instances need besides. */
export interface PostgresDriver extends SqlDriver {
  readonly kind: 'postgres';
  readonly url: string;
  /** A new connection outside the pool (LISTEN, session-level advisory locks). */
  connect(): Promise<pg.Client>;
}

function executor(q: pg.Pool | pg.PoolClient): SqlExecutor {
  return {
    query: async <T>(sql: string, params?: unknown[]) => {
      const r = await q.query(sql, params as unknown[]);
      return { rows: r.rows as T[] };
    },
    exec: (sql) => q.query(sql),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Opens a pool on `url` (`postgres://user:password@host:port/database`). */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<PostgresDriver> {
  const config = { connectionString: url, types, application_name: options.applicationName ?? 'chatdesk' };
  const pool = new pg.Pool({ ...config, max: options.max ?? 10 });
  // An idle connection that breaks (server restart) is dropped from the pool, not fatal.
  pool.on('error', () => undefined);
  await pool.query('SELECT 1');
  return {
    kind: 'postgres',
    url,
    ...executor(pool),
    async transaction(fn) {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        let broken = false;
        try {
          await client.query('BEGIN');
          const result = await fn(executor(client));
          await client.query('COMMIT');
          return result;
        } catch (e) {
          try {
            await client.query('ROLLBACK');
          } catch {
            broken = true;
          }
          const code = (e as { code?: string }).code;
          if (!code || !RETRYABLE.has(code) || attempt >= MAX_ATTEMPTS) throw e;
        } finally {
          client.release(broken);
        }
        // Someone else won a race: a short, growing, jittered pause, then again.
        await sleep(Math.random() * 5 * attempt);
      }
    },
    async connect() {
      const client = new pg.Client(config);
      client.on('error', () => undefined);
      await client.connect();
      return client;
    },
    close: () => pool.end(),
  };
}

/** The SQL storage over a PostgreSQL server. Create with {@link PostgresStorage.open}. */
export class PostgresStorage extends SqlStorage {
  declare readonly db: PostgresDriver;

  /** Connects to `url` and applies the pending migrations. */
  static async open(url: string, options?: SqlStorageOptions & PostgresOptions): Promise<PostgresStorage> {
    const s = new PostgresStorage(await openPostgres(url, options), options);
    await s.migrate();
    return s;
  }
}
