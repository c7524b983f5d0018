/**
 * The default database of the reference server: PGlite (PostgreSQL compiled to WebAssembly), data
 * in a local folder, nothing to install. Only the driver lives here; the SQL is `sql-storage.ts`.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type pg from 'pg';
import { batchText, sendTexts, takePending, transactionExecutor, type TxState } from './pg-executor.js';
import { lockFolder } from './folder-lock.js';
import { PGLITE_EXTENSIONS as extensions, pgliteTemplateDir, readPgliteTemplate } from './pglite-template.js';
import { SqlStorage, type SqlDriver, type SqlExecutor, type SqlStorageOptions } from './sql-storage.js';
import type { BatchExecutor } from './sql-rows.js';

function executor(db: PGlite | Transaction): SqlExecutor {
  return {
    query: async <T>(sql: string, params?: unknown[]) => db.query<T>(sql, params),
    exec: (sql) => db.exec(sql),
    copyFrom: copyInto(db),
  };
}

/** COPY … FROM '/dev/blob' reads the blob given with the query: PGlite's fastest bulk insert. */
function copyInto(db: PGlite | Transaction): NonNullable<SqlExecutor['copyFrom']> {
  return async (table, columns, text, options) => {
    await db.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'${options?.freeze ? ' WITH (FREEZE)' : ''}`, [], { blob: new Blob([text]) });
  };
}

/**
 * Opens PGlite in `dataDir`, or in memory. A new data folder is a copy of the template's folder,
 * a new in-memory database is loaded from its dump (`pglite-template.ts`: an empty database with
 * the schema, a fraction of the CPU of initdb and the migrations); if that fails, the folder is
 * emptied again and initdb runs as usual.
 */
async function openDatabase(dataDir: string | undefined, settings: Record<string, string> = {}): Promise<PGlite> {
  // PGlite's own start parameters, then the settings of this session (`-c name=value`); none: PGlite's defaults.
  const extra = Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
  const startParams = extra.length > 0 ? [...PGlite.defaultStartParams, ...extra] : undefined;
  const fresh = !dataDir || readdirSync(dataDir).length === 0;
  const folder = fresh && dataDir ? pgliteTemplateDir() : null;
  if (dataDir && folder && existsSync(path.join(folder, 'PG_VERSION'))) {
    // A copy of the template's data folder: no unpacking, no initdb.
    try {
      cpSync(folder, dataDir, { recursive: true });
      const db = new PGlite(dataDir, { extensions, startParams });
      await db.waitReady;
      return db;
    } catch {
      for (const name of readdirSync(dataDir)) rmSync(`${dataDir}/${name}`, { recursive: true, force: true });
    }
  }
  const template = fresh ? readPgliteTemplate() : undefined;
  if (template) {
    try {
      const db = dataDir ? new PGlite(dataDir, { loadDataDir: template, extensions, startParams }) : new PGlite({ loadDataDir: template, extensions, startParams });
      await db.waitReady;
      return db;
    } catch {
      if (dataDir) for (const name of readdirSync(dataDir)) rmSync(`${dataDir}/${name}`, { recursive: true, force: true });
    }
  }
  const db = dataDir ? new PGlite(dataDir, { extensions, startParams }) : new PGlite({ extensions });
  await db.waitReady;
  return db;
}

/** How PGlite is started. */
export interface PgliteOptions {
  /**
   * Server settings for this session only, given at start (`-c name=value`), so that settings
   * PostgreSQL reads only at start can be changed too: the bulk seed runs with
   * `wal_level: 'minimal'` (rows of tables emptied in the same transaction skip the WAL). The
   * data folder keeps its own settings: the next start without them uses PGlite's defaults.
   */
  settings?: Record<string, string>;
}

/**
 * A {@link SqlDriver} over PGlite, in `dataDir` (created when missing) or in memory when omitted.
 * PGlite has one connection: a transaction holds it, and queries from outside the transaction
 * wait until it ends.
 */
export async function openPglite(dataDir?: string, options: PgliteOptions = {}): Promise<SqlDriver> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // One process at a time in a folder (folder-lock.ts): refused before PGlite touches a file.
  const lock = dataDir ? lockFolder(path.resolve(dataDir)) : null;
  let db: PGlite;
  try {
    db = await openDatabase(dataDir, options.settings);
    // Statements prepared once (PgliteConnection) are still planned for their values at every run, as
    // before: a list query built from filters must not stick to a generic plan that suits other values.
    await db.exec('SET plan_cache_mode TO force_custom_plan');
  } catch (e) {
    lock?.release();
    throw e;
  }
  const connection = new PgliteConnection(db);
  return {
    kind: 'pglite',
    ...executor(db),
    transaction: (fn) => db.transaction((tx) => connection.run(tx, fn)),
    close: () => db.close().finally(() => lock?.release()),
  };
}

/**
 * PGlite's one connection as `pg-executor.ts` speaks to a node-postgres connection, so that a
 * transaction on PGlite sends as few queries as one on a PostgreSQL server does: writes whose answer
 * nobody reads go with the next statement, a command's first reads go together, and each text is
 * prepared once (`PREPARE`, then `EXECUTE` with its parameters as literals), not parsed, analysed
 * and planned at every run. Every query is a call into PostgreSQL compiled to WebAssembly, which
 * parses, describes, binds and runs a parameterised one in four calls and a batch in one.
 */
class PgliteConnection {
  /** The transaction open now (PGlite runs one at a time; nothing else runs meanwhile). */
  private tx: Transaction | null = null;
  /** What `pg-executor.ts` uses of a node-postgres connection: `query` with a text (a batch) or a statement with values. */
  private readonly client = {
    query: async (q: string | { text: string; values?: unknown[] }, values?: unknown[]) => {
      const on = this.tx ?? this.db;
      if (typeof q === 'string' && !values) return (await on.exec(q)).map((r) => ({ rows: r.rows }));
      const [text, params] = typeof q === 'string' ? [q, values] : [q.text, q.values];
      // Prepared once and run by EXECUTE where its parameters can be written in (not an array).
      const batched = batchText(this.client, text, params);
      if (batched === null) return { rows: (await on.query(text, params)).rows };
      const results = await sendTexts(this.client, [batched]);
      return results[results.length - 1]!;
    },
  } as unknown as pg.PoolClient;

  constructor(private readonly db: PGlite) {}

  /** Runs `fn` in `tx` (opened by PGlite, which commits it when `fn` resolves) through the batching executor. */
  async run<T>(tx: Transaction, fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    this.tx = tx;
    try {
      // BEGIN is sent: nothing held back at first; the last statement is sent, and PGlite commits after.
      const state: TxState = { committed: false, pending: [], sent: true, base: 0 };
      const batching: BatchExecutor = transactionExecutor(this.client, state, (sql, params) => batching.query(sql, params));
      const copy = copyInto(tx);
      const executor: BatchExecutor = {
        ...batching,
        // After what was held back, which it may read.
        copyFrom: async (...args) => {
          if (state.pending.length > 0) await sendTexts(this.client, takePending(state));
          await copy(...args);
        },
      };
      const result = await fn(executor);
      if (state.pending.length > 0) await sendTexts(this.client, takePending(state));
      return result;
    } finally {
      this.tx = null;
    }
  }
}

/** The SQL storage over PGlite. Create with {@link PgliteStorage.open}. */
export class PgliteStorage extends SqlStorage {
  /** Opens the database in `dataDir` (in memory when omitted) and applies the pending migrations. */
  static async open(dataDir?: string, options?: SqlStorageOptions & PgliteOptions): Promise<PgliteStorage> {
    const s = new PgliteStorage(await openPglite(dataDir, options), options);
    await s.migrate().catch(async (e: unknown) => {
      await s.close().catch(() => undefined);
      throw e;
    });
    return s;
  }
}
