/**
 * Opens the reference server's storage: a PostgreSQL server when a `postgres://` URL is given
 * (`DATABASE_URL` or `--database-url`), PGlite in the data folder otherwise. Both apply the pending
 * migrations before answering.
 */
import path from 'node:path';
import { PgliteStorage } from './pglite-storage.js';
import { PostgresStorage, type PostgresOptions } from './pg-storage.js';
import type { SqlStorage, SqlStorageOptions } from './sql-storage.js';

/** Where the data lives. */
export interface StorageLocation {
  /** `postgres://…` (or `postgresql://…`): a PostgreSQL server. */
  databaseUrl?: string | undefined;
  /** The data folder: PGlite's database goes to `db/` inside it (when no URL is given). */
  dataDir?: string | undefined;
  /** PGlite in memory (tests); ignored with a URL. */
  memory?: boolean | undefined;
}

/** Whether `url` names a PostgreSQL server. */
export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//i.test(url);
}

/** Opens and migrates the storage at `where`. */
export async function openStorage(where: StorageLocation, options: SqlStorageOptions & PostgresOptions = {}): Promise<SqlStorage> {
  if (where.databaseUrl !== undefined && where.databaseUrl !== '') {
    if (!isPostgresUrl(where.databaseUrl)) throw new Error('DATABASE_URL must start with postgres:// or postgresql://');
    return PostgresStorage.open(where.databaseUrl, options);
  }
  if (where.memory) return PgliteStorage.open(undefined, options);
  if (!where.dataDir) throw new Error('openStorage: give a data folder or a database URL');
  return PgliteStorage.open(path.join(where.dataDir, 'db'), options);
}

/** A URL without its password, to print. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}
