/**
 * An empty PGlite data directory with the schema in place, made once and reused: creating a
 * PGlite database runs initdb in WebAssembly (about 6.5 s of CPU on this 2-core machine) and
 * then the migrations (about as long again: DDL and function definitions are slow in PGlite's
 * first queries); loading the same database from its dump takes about 2.3 s. `npm ci` /
 * `npm install` make the dump (the `prepare` script), so the first `npm start` and every
 * in-memory test database load it instead.
 *
 * The dump is tied to the PGlite version and to the migrations it holds, so its name carries
 * both (a hash of the migration files); a missing, unreadable or stale dump is never an error:
 * the database is then created the slow way. (A folder loaded from it still runs `migrate`, which
 * finds nothing left to do.)
 *
 *   node --import tsx server/db/pglite-template.ts          makes the dump when missing
 *   CHATDESK_PGLITE_TEMPLATE=/path/x.tar.gz                 where it is (default below)
 *   CHATDESK_PGLITE_TEMPLATE=off                            never use one
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { loadMigrations, migrate } from './migrate.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The installed PGlite's version (its package.json is not in its `exports`, so it is found by path). */
function pgliteVersion(): string {
  let dir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@electric-sql/pglite' && pkg.version) return pkg.version;
    }
    const up = path.dirname(dir);
    if (up === dir) return 'unknown';
    dir = up;
  }
}

/** Where the dump of an empty database is kept, or `null` when templates are turned off. */
export function pgliteTemplatePath(): string | null {
  const env = process.env['CHATDESK_PGLITE_TEMPLATE'];
  if (env === 'off') return null;
  return env || path.join(ROOT, 'node_modules', '.cache', 'chatdesk', `pglite-${pgliteVersion()}-schema-${migrationsHash()}.tar.gz`);
}

/** A short hash of the migration files (names and contents): the schema a dump holds. */
function migrationsHash(): string {
  const h = createHash('sha256');
  for (const m of loadMigrations()) h.update(`${m.version}_${m.name}\n${m.sql}\n`);
  return h.digest('hex').slice(0, 12);
}

/**
 * The same database as a data folder beside the dump (the dump's path without `.tar.gz`): a new
 * data folder is a copy of it, which is quicker than unpacking the dump into PGlite's file
 * system. `null` when templates are off.
 */
export function pgliteTemplateDir(): string | null {
  const file = pgliteTemplatePath();
  return file && file.replace(/\.tar\.gz$/, '') + (file.endsWith('.tar.gz') ? '' : '.d');
}

/** The dump as a Blob for `loadDataDir`, or `undefined` when there is none. */
export function readPgliteTemplate(): Blob | undefined {
  const file = pgliteTemplatePath();
  if (!file || !existsSync(file)) return undefined;
  try {
    return new Blob([readFileSync(file)]);
  } catch {
    return undefined;
  }
}

/** Extensions the migrations create (pg_trgm for search, L6, migration 005): every PGlite opened here and in pglite-storage loads them. */
export const PGLITE_EXTENSIONS = { pg_trgm };

/** Makes the dump of an empty database (and its data folder) when missing; answers where the dump is. */
export async function ensurePgliteTemplate(): Promise<string | null> {
  const file = pgliteTemplatePath();
  const dir = pgliteTemplateDir();
  if (!file || !dir || (existsSync(file) && existsSync(dir))) return file;
  mkdirSync(path.dirname(file), { recursive: true });
  const partialDir = `${dir}.${process.pid}.partial`;
  rmSync(partialDir, { recursive: true, force: true });
  const db = new PGlite(partialDir, { extensions: PGLITE_EXTENSIONS });
  try {
    await db.waitReady;
    await migrate({
      kind: 'pglite',
      query: (sql, params) => db.query(sql, params),
      exec: (sql) => db.exec(sql),
      transaction: (fn) => db.transaction((tx) => fn({ query: (sql, params) => tx.query(sql, params), exec: (sql) => tx.exec(sql) })),
      close: () => db.close(),
    });
    const dump = await db.dumpDataDir('gzip');
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file); // atomic: a concurrent reader sees the whole dump or none
  } finally {
    await db.close();
  }
  // Closed cleanly (a shutdown checkpoint): the folder is whole; renamed into place at once.
  if (existsSync(dir)) rmSync(partialDir, { recursive: true, force: true });
  else renameSync(partialDir, dir);
  return file;
}

// `prepare` also runs on `npm pack` and `npm publish`, where a database dump is of no use.
const packing = process.env['npm_command'] === 'pack' || process.env['npm_command'] === 'publish';
if (!packing && process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const had = pgliteTemplatePath();
  const existed = had !== null && existsSync(had) && existsSync(pgliteTemplateDir()!);
  const file = await ensurePgliteTemplate();
  if (!file) console.log('PGlite template: off (CHATDESK_PGLITE_TEMPLATE=off)');
  else if (existed) console.log(`PGlite template: ${path.relative(ROOT, file)} (already there)`);
  else console.log(`PGlite template: ${path.relative(ROOT, file)} made in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
