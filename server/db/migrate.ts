/**
 * Versioned schema migrations: `migrations/NNN_name.sql`, applied in order, each once, recorded in
 * `schema_migrations`. Every start runs {@link migrate}; what is pending is applied in one
 * transaction that first takes a transaction-level advisory lock, so two instances starting at
 * once on one database do not race: the second waits, then finds nothing left to do.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlDriver } from './sql-storage.js';

/** The folder of the migration files. */
export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** The advisory lock key of migrations (any constant; the same on every instance). */
const MIGRATION_LOCK = 7_302_114_001;

/** A migration file. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The migrations in `dir`, ordered by version; a malformed name or a repeated version throws. */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const out: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.sql')) continue;
    const m = /^(\d{3})_([a-z0-9_]+)\.sql$/.exec(file);
    if (!m) throw new Error(`migrations: ${file} is not named NNN_name.sql`);
    const version = Number(m[1]);
    if (out.some((x) => x.version === version)) throw new Error(`migrations: version ${version} appears twice`);
    out.push({ version, name: m[2]!, sql: readFileSync(path.join(dir, file), 'utf8') });
  }
  return out.sort((a, b) => a.version - b.version);
}

/**
 * Applies the migrations not yet applied, in order, in one transaction; answers the versions it
 * applied. A database newer than this code (a version this code does not know) is refused.
 */
export async function migrate(db: SqlDriver, migrations: Migration[] = loadMigrations(), now = Date.now()): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    integer PRIMARY KEY,
      name       text NOT NULL,
      applied_at bigint NOT NULL
    )`);
    const done = new Set((await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    const known = new Set(migrations.map((m) => m.version));
    const unknown = [...done].filter((v) => !known.has(v));
    if (unknown.length) throw new Error(`migrations: the database has version ${Math.max(...unknown)}, which this server does not know (a newer release made it)`);
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, now]);
      applied.push(m.version);
    }
    return applied;
  });
}
