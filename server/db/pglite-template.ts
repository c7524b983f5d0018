/**
 * An empty PGlite data directory, made once and reused: creating a PGlite database runs initdb in
 * WebAssembly (about 6.5 s of CPU on this 2-core machine), loading the same empty database from
 * its dump about 2.3 s. `npm ci` / `npm install` make the dump (the `prepare` script), so the
 * first `npm start` and every in-memory test database load it instead of running initdb.
 *
 * The dump is tied to the PGlite version, so its name carries it; a missing, unreadable or stale
 * dump is never an error: the database is then created the slow way.
 *
 *   node --import tsx server/db/pglite-template.ts          makes the dump when missing
 *   CHATDESK_PGLITE_TEMPLATE=/path/x.tar.gz                 where it is (default below)
 *   CHATDESK_PGLITE_TEMPLATE=off                            never use one
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';

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
  return env || path.join(ROOT, 'node_modules', '.cache', 'chatdesk', `pglite-${pgliteVersion()}-empty.tar.gz`);
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

/** Makes the dump of an empty database when it is missing; answers where it is. */
export async function ensurePgliteTemplate(): Promise<string | null> {
  const file = pgliteTemplatePath();
  if (!file || existsSync(file)) return file;
  mkdirSync(path.dirname(file), { recursive: true });
  const db = await PGlite.create();
  try {
    const dump = await db.dumpDataDir('gzip');
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file); // atomic: a concurrent reader sees the whole dump or none
  } finally {
    await db.close();
  }
  return file;
}

// `prepare` also runs on `npm pack` and `npm publish`, where a database dump is of no use.
const packing = process.env['npm_command'] === 'pack' || process.env['npm_command'] === 'publish';
if (!packing && process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const had = pgliteTemplatePath();
  const existed = had !== null && existsSync(had);
  const file = await ensurePgliteTemplate();
  if (!file) console.log('PGlite template: off (CHATDESK_PGLITE_TEMPLATE=off)');
  else if (existed) console.log(`PGlite template: ${path.relative(ROOT, file)} (already there)`);
  else console.log(`PGlite template: ${path.relative(ROOT, file)} made in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
