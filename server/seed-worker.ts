/**
 * The demo data made in a worker thread: on a new data folder, {@link createChatServer} makes it
 * while the database opens (each takes about a second of CPU, and the machine has more than one
 * core), instead of after.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { SeedData } from './core/storage.js';
import { createSeed } from './demo-data/seed.js';

const ROLE = 'chatdesk-demo-seed';

/**
 * Starts the module at `moduleUrl` (an `import.meta.url`) in a worker thread with `data` as its
 * `workerData`. Run from TypeScript source (tsx), the worker registers tsx's loader first: a
 * worker does not inherit the loader hooks of `--import tsx`.
 */
export function startWorker(moduleUrl: string, data: unknown): Worker {
  return moduleUrl.endsWith('.ts')
    ? new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => tsx.register()).then(() => import(${JSON.stringify(moduleUrl)}))`, { eval: true, workerData: data })
    : new Worker(new URL(moduleUrl), { workerData: data });
}

/** Makes the demo seed (`createSeed()`) in a worker thread; rejects if the worker cannot run. */
export function seedInWorker(): { data: Promise<SeedData>; stop(): void } {
  const worker = startWorker(import.meta.url, ROLE);
  const data = new Promise<SeedData>((resolve, reject) => {
    worker.once('message', (seed: SeedData) => resolve(seed));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the seed worker exited (${code})`)));
  });
  void data.catch(() => undefined);
  return { data, stop: () => void worker.terminate() };
}

if (!isMainThread && workerData === ROLE) parentPort?.postMessage(createSeed());
