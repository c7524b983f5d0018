/**
 * The bulk seed's rows generated in a worker thread: the database (PGlite runs on the main
 * thread) writes one batch while the worker generates and encodes the next ones, so on a machine
 * with two cores the generating costs no wall time. The worker keeps at most a few batches ahead.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { SeedData } from '../core/storage.js';
import { startWorker } from '../seed-worker.js';
import { BulkCounts, type COUNT_TABLES } from './counts.js';
import { generateBulk, type BulkOptions } from './generate.js';
import { encodeRows, ORDER, TABLES, type RowFormat, type TableName, type Value } from './tables.js';

const ROLE = 'chatdesk-bulk-rows';

/** One batch of dialogs, its rows per table encoded for the database. */
export interface EncodedBatch {
  dialogs: number;
  rows: Record<TableName, number>;
  payload: Record<TableName, string>;
}

type Aggregates = Record<keyof typeof COUNT_TABLES, Value[][]>;
type FromWorker = { batch: EncodedBatch } | { done: Aggregates };
interface Job {
  role: typeof ROLE;
  options: Required<Pick<BulkOptions, 'now'>> & BulkOptions;
  reference: SeedData;
  format: RowFormat;
  batchSize: number;
  ahead: number;
}

/** The rows of {@link generateBulk}, generated and encoded in a worker thread. */
export interface BulkRowSource {
  /** The next batch, or `null` after the last. */
  next(): Promise<EncodedBatch | null>;
  /** The count aggregates of all the rows (after the last batch). */
  aggregates(): Promise<Aggregates>;
  stop(): void;
}

/** Starts the worker that generates the rows of `options` (with the `reference` data) in `format`. */
export function bulkRowsInWorker(options: Job['options'], reference: SeedData, format: RowFormat, batchSize = 2000, ahead = 3): BulkRowSource {
  const job: Job = { role: ROLE, options, reference, format, batchSize, ahead };
  const worker = startWorker(import.meta.url, job);
  const ready: EncodedBatch[] = [];
  let waiting: { resolve(b: EncodedBatch | null): void; reject(e: unknown): void } | null = null;
  let failure: unknown = null;
  let finished: Aggregates | null = null;
  let settle = (): void => undefined;
  const done = new Promise<Aggregates>((resolve, reject) => {
    settle = () => (finished ? resolve(finished) : reject(failure ?? new Error('the bulk rows worker stopped')));
  });
  void done.catch(() => undefined);
  const wake = (): void => {
    if (!waiting) return;
    const w = waiting;
    if (ready.length > 0) {
      waiting = null;
      worker.postMessage('more');
      w.resolve(ready.shift()!);
    } else if (finished) {
      waiting = null;
      w.resolve(null);
    } else if (failure) {
      waiting = null;
      w.reject(failure);
    }
  };
  worker.on('message', (m: FromWorker) => {
    if ('batch' in m) ready.push(m.batch);
    else {
      finished = m.done;
      settle();
    }
    wake();
  });
  const fail = (e: unknown): void => {
    failure ??= e;
    settle();
    wake();
  };
  worker.once('error', fail);
  worker.once('exit', (code) => fail(new Error(`the bulk rows worker exited (${code})`)));
  return {
    next: () =>
      new Promise<EncodedBatch | null>((resolve, reject) => {
        waiting = { resolve, reject };
        wake();
      }),
    aggregates: () => done,
    stop: () => void worker.terminate(),
  };
}

/** The worker's side: generates batches while the main thread has asked for them. */
function runJob(job: Job): void {
  const counts = new BulkCounts(job.reference.operators);
  const batches = generateBulk(job.options, job.reference, job.batchSize, counts);
  let credit = job.ahead;
  let ended = false;
  const pump = (): void => {
    for (; credit > 0 && !ended; credit--) {
      const next = batches.next();
      if (next.done) {
        ended = true;
        parentPort!.postMessage({ done: counts.rows() } satisfies FromWorker);
        parentPort!.close();
        return;
      }
      const rows = Object.fromEntries(ORDER.map((t) => [t, next.value[t].length])) as Record<TableName, number>;
      const payload = Object.fromEntries(ORDER.map((t) => [t, encodeRows(TABLES[t], next.value[t], job.format)])) as Record<TableName, string>;
      parentPort!.postMessage({ batch: { dialogs: next.value.dialogs.length, rows, payload } } satisfies FromWorker);
    }
  };
  parentPort!.on('message', () => {
    credit++;
    if (credit === 1) pump();
  });
  pump();
}

if (!isMainThread && (workerData as Job | undefined)?.role === ROLE) runJob(workerData as Job);
