/**
 * What the bulk seed does to the tables around the rows it writes: before, it empties them in its
 * own transaction (so that, with `wal_level = minimal`, their rows and indexes skip the WAL, and
 * COPY may freeze the rows), disables the count triggers and drops the indexes and the keys no
 * foreign key depends on; after, it builds them again, once, by sort.
 */
import type { SqlExecutor } from '../db/sql-storage.js';
import { COUNTED, ORDER } from './tables.js';

/** Settings of the PGlite session that writes a bulk seed (start parameters: `wal_level` is read only at start). */
export const BULK_PGLITE_SETTINGS: Record<string, string> = {
  // Rows written into a table emptied in the same transaction are not logged: the table is
  // written to disk once at commit instead of twice (WAL, then the table).
  wal_level: 'minimal',
  max_wal_senders: '0',
};

/** What {@link prepareLoad} dropped, for {@link finishLoad} to build again. */
export interface PreparedLoad {
  /** The tables were emptied in this transaction: COPY may write its rows frozen. */
  fresh: boolean;
  indexes: Array<{ name: string; def: string }>;
  keys: Array<{ table: string; name: string; def: string }>;
}

/** Prepares the tables of {@link ORDER} for a bulk load in the transaction `tx`. */
export async function prepareLoad(tx: SqlExecutor): Promise<PreparedLoad> {
  // The rows are consistent by construction: skip the per-row foreign-key triggers where the
  // database lets this session (PGlite does; a PostgreSQL server needs a superuser).
  await tx.exec('SAVEPOINT replica');
  try {
    await tx.exec('SET LOCAL session_replication_role = replica');
    await tx.exec('RELEASE SAVEPOINT replica');
  } catch {
    await tx.exec('ROLLBACK TO SAVEPOINT replica');
  }
  // Empty tables are emptied again in this transaction: they get new files, which this
  // transaction alone writes (no WAL under wal_level = minimal, COPY FREEZE allowed). CASCADE
  // reaches the tables that refer to dialogs (visitor sessions), empty too since dialogs are.
  const empty = await tx.query<{ empty: boolean }>(`SELECT ${ORDER.map((t) => `NOT EXISTS (SELECT 1 FROM ${t})`).join(' AND ')} AS empty`);
  const fresh = empty.rows[0]!.empty;
  if (fresh) await tx.exec(`TRUNCATE ${ORDER.join(', ')} CASCADE`);
  // The count triggers would move the aggregates row by row: summed while generating instead.
  for (const table of COUNTED) await tx.exec(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
  // Plain indexes are built once at the end, faster than row by row ({@link rebuildSteps}).
  const indexes = await tx.query<{ name: string; def: string }>(
    `SELECT indexname AS name, indexdef AS def FROM pg_indexes
     WHERE schemaname = current_schema() AND tablename = ANY($1::text[])
       AND indexname NOT IN (SELECT conname FROM pg_constraint)`,
    [ORDER],
  );
  // So are the keys no foreign key depends on (those of messages and read_states): checking
  // each row against a growing B-tree took three times as long as the rows themselves.
  const keys = await tx.query<{ table: string; name: string; def: string }>(
    `SELECT k.conrelid::regclass::text AS table, k.conname AS name, pg_get_constraintdef(k.oid) AS def FROM pg_constraint k
     WHERE k.contype IN ('p', 'u') AND k.conrelid::regclass::text = ANY($1::text[])
       AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = k.conindid)`,
    [ORDER],
  );
  for (const ix of indexes.rows) await tx.exec(`DROP INDEX ${ix.name}`);
  for (const k of keys.rows) await tx.exec(`ALTER TABLE ${k.table} DROP CONSTRAINT ${k.name}`);
  return { fresh, indexes: indexes.rows, keys: keys.rows };
}

/**
 * Memory of one key or index build: a B-tree sorts its keys, in memory when they fit (the
 * messages' key at 1M is about 6 million entries, some 350 MB: 256 MB spilled them to sorted runs
 * on disk); a GIN index collects entries up to this much before it writes them, and more does
 * not make it faster (measured at 100k: 64 MB to 1 GB alike), so it keeps the smaller figure.
 */
export const BUILD_MEMORY = { btree: '512MB', gin: '256MB' };

/** The keys and indexes {@link prepareLoad} dropped, as named steps to run in order. */
export function rebuildSteps(tx: SqlExecutor, prepared: PreparedLoad): Array<[string, () => Promise<unknown>]> {
  const build = async (def: string, sql: string): Promise<void> => {
    await tx.exec(`SET LOCAL maintenance_work_mem = '${/\bUSING gin\b/i.test(def) ? BUILD_MEMORY.gin : BUILD_MEMORY.btree}'`);
    await tx.exec(sql);
  };
  return [
    ...prepared.keys.map((k): [string, () => Promise<unknown>] => [`key ${k.name}`, () => build(k.def, `ALTER TABLE ${k.table} ADD CONSTRAINT ${k.name} ${k.def}`)]),
    ...prepared.indexes.map((ix): [string, () => Promise<unknown>] => [`index ${ix.name}`, () => build(ix.def, ix.def)]),
  ];
}
