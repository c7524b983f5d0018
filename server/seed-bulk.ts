/**
 * `npm run seed -- --dialogs 1000000 --open 5000`: writes a large, realistic data set straight into
 * the storage in bulk, for benchmarks and for a vendor's evaluation.
 *
 *   npm run seed -- --dialogs N --open M [--reset] [--seed S]
 *
 * Where: `DATABASE_URL` (or `--database-url`) names a PostgreSQL server; otherwise PGlite in the
 * data folder `CHATDESK_DATA_DIR` (or `--data-dir`, default `./.chatdesk-data`). A storage that
 * already holds data is left alone unless `--reset` is given (then every row is replaced).
 *
 * What it writes: the demo's operators, bots, channels (with their simulation), tags, quick
 * replies and settings, plus eight more operators; then `N` dialogs in time order over three
 * years, of which the newest `M` are open (waiting, answered, unassigned, held by the bot) and the
 * rest closed history. Clients are distinct people (names, contacts, source, analytics, orders,
 * tags with pinned ones), some of whom come back in another channel; histories are mostly short,
 * some long (up to a few hundred messages); a few messages carry files. Every operator who sees a
 * dialog has a read position for it.
 *
 * It streams: dialogs are generated and written a batch at a time (COPY on PGlite, multi-row
 * INSERT on PostgreSQL, the next batches generated in a worker thread while the database writes
 * the last), so memory stays flat whatever `N` is. The same `--seed` gives the same data. PGlite
 * runs with `wal_level = minimal` for the command (the rows skip the WAL; `server/bulk/load.ts`).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openStorage, redactUrl } from './db/open.js';
import type { SqlStorage } from './db/sql-storage.js';
import { COUNT_TABLES } from './bulk/counts.js';
import { type BulkOptions, referenceData } from './bulk/generate.js';
import { TABLES, type TableName, ORDER, COUNTED, rowFormat, writeEncoded, writeRows } from './bulk/tables.js';
import { bulkRowsInWorker } from './bulk/worker.js';

export { type BulkOptions, generateBulk, referenceData } from './bulk/generate.js';
import { BULK_PGLITE_SETTINGS, prepareLoad, rebuildSteps } from './bulk/load.js';
import { PgliteStorage } from './db/pglite-storage.js';

/** Figures of a finished load. */
export interface BulkResult {
  dialogs: number;
  rows: Record<TableName, number>;
  ms: number;
  /** Milliseconds per step (generating rows, writing each table, each key and index, the counts, ANALYZE). */
  steps: Record<string, number>;
  /**
   * CPU milliseconds per step (the figure that holds on a shared machine): of the main thread,
   * where PGlite runs (Linux); elsewhere of the whole process, the worker generating the next rows
   * included.
   */
  cpuSteps: Record<string, number>;
}

/** CPU milliseconds of the main thread (PGlite's work: its floor of the wall time), or `null` where `/proc` does not tell. */
export function mainThreadCpu(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // After the command's name in parentheses: field 14 (utime) and 15 (stime), in clock ticks of 10 ms.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** The issue's goal: `npm run seed -- --dialogs 1000000 --open 5000` within a few minutes on a 2-core machine. */
export const SEED_GOAL = { dialogs: 1_000_000, ms: 240_000 };

/** The goal beside a load's wall time, as the benchmarks print it: `NO` when missed; for another size, in proportion. */
export function goalLine(dialogs: number, ms: number): string {
  const atScale = dialogs === SEED_GOAL.dialogs;
  const goal = atScale ? SEED_GOAL.ms : (SEED_GOAL.ms * dialogs) / SEED_GOAL.dialogs;
  const verdict = ms <= goal ? 'yes' : 'NO';
  return atScale
    ? `goal ≤ ${SEED_GOAL.ms / 1000} s at ${SEED_GOAL.dialogs.toLocaleString('en')} dialogs: ${verdict}`
    : `goal ≤ ${SEED_GOAL.ms / 1000} s at ${SEED_GOAL.dialogs.toLocaleString('en')} dialogs (in proportion ≤ ${(goal / 1000).toFixed(1)} s here): ${verdict}`;
}

/**
 * Writes the data set into `storage` (which must be empty): the reference data through the
 * storage's own seeding, then the generated rows, in one transaction, then ANALYZE.
 */
export async function loadBulk(storage: SqlStorage, options: BulkOptions, progress?: (done: number, rows: number) => void): Promise<BulkResult> {
  const started = Date.now();
  const steps: Record<string, number> = {};
  const cpuSteps: Record<string, number> = {};
  const cpu = (): number => {
    const main = mainThreadCpu();
    if (main !== null) return main;
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const step = (name: string, t0: number, c0: number): void => {
    steps[name] = (steps[name] ?? 0) + Date.now() - t0;
    cpuSteps[name] = (cpuSteps[name] ?? 0) + cpu() - c0;
  };
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = Date.now();
    const c0 = cpu();
    try {
      return await fn();
    } finally {
      step(name, t0, c0);
    }
  };
  const now = options.now ?? Date.now();
  const reference = referenceData(now);
  // The rows are generated and encoded in a worker thread while this one writes them; it starts
  // first, so that its start (a second or two) passes while the reference data are written.
  const source = bulkRowsInWorker({ ...options, now }, reference, rowFormat(storage.db));
  const rows: Record<TableName, number> = { clients: 0, dialogs: 0, messages: 0, read_states: 0 };
  let dialogs = 0;
  try {
    await timed('reference data', () => storage.init(() => reference));
    await storage.db.transaction(async (tx) => {
      const prepared = await timed('prepare', () => prepareLoad(tx));
      for (;;) {
        const batch = await timed('wait for rows', () => source.next());
        if (!batch) break;
        for (const table of ORDER) await timed(`write ${table}`, () => writeEncoded(tx, TABLES[table], batch.payload[table], prepared.fresh));
        for (const table of ORDER) rows[table] += batch.rows[table];
        dialogs += batch.dialogs;
        progress?.(
          dialogs,
          Object.values(rows).reduce((a, b) => a + b, 0),
        );
      }
      const aggregates = await source.aggregates();
      source.stop();
      for (const [name, run] of rebuildSteps(tx, prepared)) await timed(name, run);
      // The count aggregates (migrations 004, 007), as chatdesk_rebuild_counts() would leave them.
      await timed('counts', async () => {
        for (const [table, spec] of Object.entries(COUNT_TABLES)) {
          await tx.exec(`DELETE FROM ${spec.name}`);
          await writeRows(tx, spec, aggregates[table as keyof typeof COUNT_TABLES]);
        }
        await tx.query(`INSERT INTO meta (key, value) VALUES ('counts_built', to_jsonb(1)) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
      });
      for (const table of COUNTED) await tx.exec(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
    });
  } finally {
    source.stop();
  }
  await timed('analyze', () => storage.db.exec('ANALYZE'));
  return { dialogs, rows, ms: Date.now() - started, steps, cpuSteps };
}

// ---------------------------------------------------------------------------------------------
// The command

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dialogs: { type: 'string', default: '1000000' },
      open: { type: 'string', default: '5000' },
      seed: { type: 'string', default: '1' },
      reset: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      'database-url': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(`Usage: npm run seed -- --dialogs N --open M [--reset] [--seed S] [--data-dir DIR] [--database-url postgres://…]
Writes N dialogs (the newest M open) into the storage: DATABASE_URL / --database-url, or PGlite in
CHATDESK_DATA_DIR / --data-dir (default ./.chatdesk-data). --reset replaces data already there.`);
    return;
  }
  const int = (name: string, v: string, min: number): number => {
    const n = Number(v.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min} (got ${v})`);
    return n;
  };
  const dialogs = int('dialogs', values.dialogs, 0);
  const open = Math.min(dialogs, int('open', values.open, 0));
  const seed = int('seed', values.seed, 0);
  const databaseUrl = values['database-url'] ?? process.env.DATABASE_URL;
  const dataDir = values['data-dir'] ?? process.env.CHATDESK_DATA_DIR ?? '.chatdesk-data';
  const where = databaseUrl ? redactUrl(databaseUrl) : `PGlite in ${dataDir}`;
  // PGlite (as openStorage opens it) started with the bulk load's settings (wal_level minimal).
  const storage = databaseUrl ? await openStorage({ databaseUrl, dataDir }) : await PgliteStorage.open(path.join(dataDir, 'db'), { settings: BULK_PGLITE_SETTINGS });
  try {
    const held = await storage.db.query<{ n: number }>('SELECT count(*)::integer AS n FROM meta');
    if (held.rows[0]!.n > 0) {
      if (!values.reset) {
        console.error(`seed: ${where} already holds data; add --reset to replace it.`);
        process.exitCode = 1;
        return;
      }
      console.log(`seed: removing the data in ${where}…`);
      await storage.clear();
    }
    console.log(`seed: writing ${dialogs.toLocaleString('en')} dialogs (${open.toLocaleString('en')} open) into ${where}…`);
    let shown = 0;
    const loadBefore = os.loadavg()[0]!.toFixed(1);
    const result = await loadBulk(storage, { dialogs, open, seed }, (done, rows) => {
      if (done - shown >= 100_000 || done === dialogs) {
        shown = done;
        console.log(`  ${done.toLocaleString('en')} dialogs, ${rows.toLocaleString('en')} rows`);
      }
    });
    const total = Object.values(result.rows).reduce((a, b) => a + b, 0);
    console.log(
      `seed: done in ${(result.ms / 1000).toFixed(1)} s: ${Object.entries(result.rows)
        .map(([t, n]) => `${n.toLocaleString('en')} ${t}`)
        .join(', ')} (${Math.round(total / (result.ms / 1000)).toLocaleString('en')} rows/s)`,
    );
    console.log(`  ${goalLine(dialogs, result.ms)}`);
    // The process's CPU (both threads: a batch is generated while the last one is written), and the main thread's (PGlite).
    const used = process.cpuUsage();
    const cpuTotal = (used.user + used.system) / 1000;
    const main = mainThreadCpu();
    console.log(
      `  CPU ${(cpuTotal / 1000).toFixed(1)} s${main === null ? '' : `, of which the main thread (PGlite) ${(main / 1000).toFixed(1)} s`}; load average ${loadBefore} at the start, ${os.loadavg()[0]!.toFixed(1)} at the end`,
    );
    console.log(
      `  steps, wall s (CPU s${main === null ? '' : ' of the main thread'}): ${Object.entries(result.steps)
        .map(([step, ms]) => `${step} ${(ms / 1000).toFixed(1)} (CPU ${((result.cpuSteps[step] ?? 0) / 1000).toFixed(1)})`)
        .join(', ')}`,
    );
  } finally {
    await storage.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e: unknown) => {
    console.error('seed:', e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
