/**
 * The default database of the reference server: PGlite (PostgreSQL compiled to WebAssembly), data
 * in a local folder, nothing to install. Only the driver lives here; the SQL is `sql-storage.ts`.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { SqlStorage, type SqlDriver, type SqlStorageOptions } from './sql-storage.js';

/**
 * A {@link SqlDriver} over PGlite, in `dataDir` (created when missing) or in memory when omitted.
 * PGlite has one connection: a transaction holds it, and queries from outside the transaction
 * wait until it ends.
 */
export async function openPglite(dataDir?: string): Promise<SqlDriver> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = dataDir ? new PGlite(dataDir) : new PGlite();
  await db.waitReady;
  return {
    query: async <T>(sql: string, params?: unknown[]) => db.query<T>(sql, params),
    exec: (sql) => db.exec(sql),
    transaction: (fn) => db.transaction((tx) => fn({ query: async <T>(sql: string, params?: unknown[]) => tx.query<T>(sql, params) })),
    close: () => db.close(),
  };
}

/** The SQL storage over PGlite. Create with {@link PgliteStorage.open}. */
export class PgliteStorage extends SqlStorage {
  /** Opens the database in `dataDir` (in memory when omitted) and applies the schema. */
  static async open(dataDir?: string, options?: SqlStorageOptions): Promise<PgliteStorage> {
    const s = new PgliteStorage(await openPglite(dataDir), options);
    await s.migrate();
    return s;
  }
}
