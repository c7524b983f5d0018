/**
 * Opens the reference server's storage: a PostgreSQL server when a `postgres://` URL is given
 * (`DATABASE_URL` or `--database-url`), PGlite in the data folder otherwise. Both apply the pending
 * migrations before answering.
 */
import path from 'node:path';
import { PgliteStorage } from './pglite-storage.js';
import { PostgresStorage, type PostgresOptions } from './pg-storage.js';
import type { SqlStorage, SqlStorageOptions } from './sql-storage.js';
import { databaseUnavailable } from '../errors.js';

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

/** Waiting at start for a PostgreSQL server that cannot be reached yet (it starts beside this one). */
export interface DatabaseWait {
  /** How long to keep trying (milliseconds; default 0: fail at once). */
  waitMs?: number;
  /** Told before each pause: why, and how long it is. */
  onWait?: (reason: string, delayMs: number) => void;
}

/**
 * Opens and migrates the storage at `where`. A PostgreSQL server that cannot be reached (refused,
 * starting up, the connection lost) is tried again after 0.5 s, then twice as long each time up
 * to 5 s, until `wait.waitMs` has passed; any other error (a wrong password, a missing database)
 * fails at once.
 */
export async function openStorage(where: StorageLocation, options: SqlStorageOptions & PostgresOptions = {}, wait: DatabaseWait = {}): Promise<SqlStorage> {
  const deadline = Date.now() + (wait.waitMs ?? 0);
  for (let delay = 500; ; delay = Math.min(delay * 2, 5000)) {
    try {
      return await openOnce(where, options);
    } catch (e) {
      const left = deadline - Date.now();
      if (!databaseUnavailable(e) || left <= 0) throw e;
      const pause = Math.min(delay, left);
      wait.onWait?.((e as Error).message, pause);
      await new Promise((r) => setTimeout(r, pause));
    }
  }
}

async function openOnce(where: StorageLocation, options: SqlStorageOptions & PostgresOptions): Promise<SqlStorage> {
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
