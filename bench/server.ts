/**
 * `npm run bench -- server`: the reference server's own figures, measured from outside over
 * loopback HTTP and WebSocket (Node, no browser).
 *
 * - Throughput and latency of messages: S senders (1, 16, 64), each an operator posting to its own
 *   dialog one message after another; latency from the POST to the `message.created` event on the
 *   administrator's socket, held on another instance where there are several. For PGlite, for
 *   PostgreSQL with one instance and for PostgreSQL with three instances (each a process). A bare
 *   baseline in the same run (a Node HTTP server that broadcasts each POST to a WebSocket, no
 *   database) shows what this machine does at all.
 * - Start of the demo (create + seed) and reopen, PGlite.
 * - Snapshot (`GET /bootstrap`) and first page (`listDialogs`, 50 rows) at 10k dialogs and, when
 *   `BENCH_1M_DIR` names a data folder made by `npm run seed -- --dialogs 1000000 --open 5000`,
 *   at 1M. {@link firstPage} is the hook the paging work changes.
 *
 * Environment: BENCH_SECONDS (per level, default 4), BENCH_SKIP_PG=1, BENCH_1M_DIR, PG_BIN;
 * BENCH_LEVELS (senders, default `1,16,64`), BENCH_PG_INSTANCES (default `1,3`), BENCH_SKIP_PGLITE=1;
 * BENCH_ONLY (comma-separated parts to run: `messages`, `start`, `snapshots`; default all);
 * BENCH_PROFILE_DIR (a folder: each server instance writes a V8 CPU profile there: `bench/cpu-profile.mjs`);
 * BENCH_PG_STATS=1 (PostgreSQL: per message at 16 senders, the statements run and the time spent in each
 * (`pg_stat_statements`), and what the server's backends were waiting on, sampled every 10 ms);
 * BENCH_PG_STATS_LEVEL (the level those statistics are taken at: default 16 senders).
 *
 * Beside each level's throughput, what a message costs the 2 cores: the server processes' CPU, the
 * load generator's (this process: HTTP requests and the observer's socket, inflating and parsing
 * every event), PostgreSQL's (every process of the cluster), the round trips the server made to
 * PostgreSQL, and how many cores these used together (the rest went to whatever else ran).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http, { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import WebSocket, { WebSocketServer } from 'ws';
import type { ChatEvent } from '../sdk/protocol.js';
import { normalizeQuery } from '../sdk/rules/query.js';
import { openStorage } from '../server/db/open.js';
import { loadBulk } from '../server/seed-bulk.js';
import { startInstance, type Instance } from '../test/support/instances.js';
import { findPostgresBin, startPostgres } from '../test/support/postgres.js';
import { seededDataDir } from '../test/support/server.js';
import { cpuByPid, pgCost, pgStats, type PgStats } from './server-pg-stats.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const LEVELS = (process.env.BENCH_LEVELS ?? '1,16,64').split(',').map(Number);
const PG_INSTANCES = (process.env.BENCH_PG_INSTANCES ?? '1,3').split(',').map(Number);
const OPERATORS = ['op-maria', 'op-ivan', 'op-john'];
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((p) => p.trim())) : null;
const runs = (part: 'messages' | 'start' | 'snapshots') => !ONLY || ONLY.has(part);
/**
 * Environment of each measured server instance: `bench/cpu-profile.mjs` counts its round trips to
 * PostgreSQL (in COUNT_DIR) and, when BENCH_PROFILE_DIR is set, writes a CPU profile of it.
 */
const COUNT_DIR = mkdtempSync(path.join(os.tmpdir(), 'chatdesk-bench-count-'));
const PROFILE_ENV: Record<string, string> = {
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${path.join(path.dirname(fileURLToPath(import.meta.url)), 'cpu-profile.mjs')}`.trim(),
  BENCH_COUNT_DIR: COUNT_DIR,
};

interface Row {
  name: string;
  value: number;
  unit: string;
  goal?: string;
}
const rows: Row[] = [];
function report(name: string, value: number, unit: string, goal?: string): void {
  rows.push({ name, value, unit, goal });
  const met = goal ? meets(value, goal) : null;
  console.log(`  ${name}: ${fmt(value)} ${unit}${goal ? `   goal ${goal}${met === false ? '   NO' : ''}` : ''}`);
}
function meets(value: number, goal: string): boolean | null {
  const m = /^(<=|>=|<|>)\s*([\d.]+)/.exec(goal);
  if (!m) return null;
  const g = Number(m[2]);
  return m[1] === '<' ? value < g : m[1] === '<=' ? value <= g : m[1] === '>' ? value > g : value >= g;
}
const fmt = (v: number) => (Number.isNaN(v) ? 'n/a' : v >= 100 ? v.toFixed(0) : v.toFixed(1));
const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

// ---------------------------------------------------------------------------------------------
// The message path

/** Listens to an operator's socket; resolves `waiters` by message id. */
async function observer(instance: { url: string }, token: string) {
  const waiters = new Map<string, (t: number) => void>();
  const seen = { events: 0, bytes: 0 };
  const ws = new WebSocket(`${instance.url.replace('http', 'ws')}/api/v1/ws`);
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.on('message', (data: Buffer) => {
      seen.events++;
      seen.bytes += data.length;
      const f = JSON.parse(String(data)) as { type: string; event?: ChatEvent; events?: ChatEvent[] };
      if (f.type === 'ready') resolve();
      // As the SDK's transport: events one to a frame, or several (`events`, asked for by `batch` in the hello).
      for (const e of f.type === 'event' && f.event ? [f.event] : f.type === 'events' ? (f.events ?? []) : []) {
        if (e.type === 'message.created') waiters.get(e.message.id)?.(performance.now());
      }
    });
    ws.once('open', () => ws.send(JSON.stringify({ type: 'hello', token, batch: true })));
  });
  return {
    wait(id: string): Promise<number> {
      return new Promise((resolve) => waiters.set(id, (t) => (waiters.delete(id), resolve(t))));
    },
    close: () => ws.terminate(),
    /** Frames received so far, and their bytes once inflated. */
    seen,
  };
}

/**
 * The load generator's connections: kept alive, as a browser keeps them. Node's `http` rather than
 * `fetch`: undici's web `Request`/`Response` and streams cost the load generator about twice the CPU
 * per request, on the same 2 cores the server under test runs on.
 */
const agent = new http.Agent({ keepAlive: true });

/** POSTs `body` as JSON (accepting compressed answers, as a browser does); answers the status and the JSON. */
function postJson(url: string, body: unknown, token?: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const text = JSON.stringify(body);
  const headers = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    'accept-encoding': 'gzip, deflate, br',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  };
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('error', reject);
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const enc = res.headers['content-encoding'];
        let json: Record<string, unknown> = {};
        try {
          const plain = enc === 'br' ? zlib.brotliDecompressSync(raw) : enc === 'gzip' ? zlib.gunzipSync(raw) : enc === 'deflate' ? zlib.inflateSync(raw) : raw;
          json = JSON.parse(plain.toString('utf8')) as Record<string, unknown>;
        } catch {
          // not JSON: status only
        }
        resolve({ status: res.statusCode ?? 0, json });
      });
    });
    req.on('error', reject);
    req.end(text);
  });
}

/** CPU seconds (user + system) the processes have used so far (Linux `/proc`; NaN elsewhere). */
function cpuSeconds(pids: Array<number | undefined>): number {
  const known = pids.filter((p): p is number => p !== undefined);
  const cpu = cpuByPid(known);
  return cpu.size < known.length || known.length === 0 ? NaN : [...cpu.values()].reduce((a, b) => a + b, 0);
}

/** CPU seconds (user + system) of this process, the load generator, so far. */
const ownCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Round trips the instances have made to PostgreSQL so far (`bench/cpu-profile.mjs`, on SIGUSR2). */
async function roundTrips(pids: Array<number | undefined>): Promise<number> {
  let total = 0;
  for (const pid of pids) {
    const file = path.join(COUNT_DIR, `${pid}.json`);
    const read = () => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { n: number; roundTrips: number }) : { n: 0, roundTrips: 0 }); // written whole (renamed)
    const before = read().n;
    process.kill(pid!, 'SIGUSR2');
    for (let i = 0; read().n === before; i++) {
      if (i > 500) return NaN;
      await new Promise((r) => setTimeout(r, 10));
    }
    total += read().roundTrips;
  }
  return total;
}

/** Runs the sender levels against instances (senders spread over them; the observer on the first); `pgUrl`: their database, measured too. */
async function messagePath(label: string, instances: Array<{ url: string; endpoint: string; child?: { pid?: number } }>, goals: boolean, stats?: PgStats, pgUrl?: string): Promise<void> {
  const tokens = new Map<string, string>();
  for (const op of ['op-admin', ...OPERATORS]) tokens.set(op, (await postJson(`${instances[0]!.endpoint}/auth/sign-in`, { operatorId: op })).json.token as string);
  const watch = await observer(instances[0]!, tokens.get('op-admin')!);
  try {
    let run = 0;
    for (const senders of LEVELS) {
      run++;
      // Each sender its own new dialog (a visitor's chat), taken by its first message.
      const dialogs: string[] = [];
      for (let i = 0; i < senders; i++) {
        const chat = await postJson(`${instances[i % instances.length]!.url}/api/visitor/chats`, { name: `Bench ${run}-${i}`, text: 'Hola' });
        dialogs.push(chat.json.dialogId as string);
      }
      const latencies: number[] = [];
      let accepted = 0;
      let failed = 0;
      const watching = senders === Number(process.env.BENCH_PG_STATS_LEVEL ?? 16) ? await stats?.start() : undefined;
      const until = performance.now() + SECONDS * 1000;
      const started = performance.now();
      const pids = instances.map((i) => i.child?.pid);
      const cpu0 = cpuSeconds(pids);
      const own0 = ownCpu();
      const seen0 = { ...watch.seen };
      const trips0 = pgUrl ? await roundTrips(pids) : NaN;
      const pgCpu = pgUrl ? await pgCost(pgUrl) : undefined;
      await Promise.all(
        dialogs.map(async (dialogId, i) => {
          const target = instances.length > 1 ? instances[1 + (i % (instances.length - 1))]! : instances[0]!;
          const token = tokens.get(OPERATORS[i % OPERATORS.length]!)!;
          for (let k = 0; performance.now() < until; k++) {
            const id = `b${run}-${i}-${k}`;
            const heard = watch.wait(id);
            const t0 = performance.now();
            const r = await postJson(`${target.endpoint}/dialogs/${dialogId}/messages`, { id, text: `Mensaje ${k}` }, token);
            if (r.status !== 201) {
              failed++;
              continue;
            }
            accepted++;
            latencies.push((await heard) - t0);
          }
        }),
      );
      const elapsed = (performance.now() - started) / 1000;
      const cpu = cpuSeconds(pids) - cpu0;
      const own = ownCpu() - own0;
      const dbCpu = (await pgCpu?.()) ?? NaN;
      const trips = pgUrl ? (await roundTrips(pids)) - trips0 : NaN;
      await watching?.(accepted);
      const g = goals && senders === 16;
      report(`${label}, ${senders} sender${senders > 1 ? 's' : ''}: accepted`, accepted / elapsed, 'msg/s', g ? '>= 1000' : undefined);
      report(`${label}, ${senders} sender${senders > 1 ? 's' : ''}: p50 POST → event`, pct(latencies, 50), 'ms');
      report(`${label}, ${senders} sender${senders > 1 ? 's' : ''}: p99 POST → event`, pct(latencies, 99), 'ms', g ? '< 100' : undefined);
      // What a message costs the server processes, whatever else the machine does (10 ms resolution).
      const per = (x: number) => (x * 1000) / Math.max(1, accepted);
      const level = `${label}, ${senders} sender${senders > 1 ? 's' : ''}`;
      report(`${level}: server CPU per message`, per(cpu), 'ms');
      report(`${level}: load generator CPU per message`, per(own), 'ms');
      report(
        `${level}: frames on the observer's socket per message`,
        (watch.seen.events - seen0.events) / Math.max(1, accepted),
        `(${fmt((watch.seen.bytes - seen0.bytes) / Math.max(1, watch.seen.events - seen0.events))} B each)`,
      );
      if (pgUrl) {
        report(`${level}: PostgreSQL CPU per message`, per(dbCpu), 'ms');
        report(`${level}: round trips to PostgreSQL per message`, trips / Math.max(1, accepted), '');
      }
      // Whether the machine's cores were the bound: what these processes used of them.
      report(`${level}: cores busy (server + load generator${pgUrl ? ' + PostgreSQL' : ''}) of ${os.cpus().length}`, (cpu + own + (pgUrl ? dbCpu : 0)) / elapsed, 'cores');
      if (failed) report(`${label}, ${senders} senders: refused`, failed, 'requests');
    }
  } finally {
    watch.close();
  }
}

/** The bare baseline: POST → broadcast on a WebSocket, no database, no rules. */
async function baseline(): Promise<void> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += String(d)));
    req.on('end', () => {
      const { id } = JSON.parse(body) as { id: string };
      for (const c of wss.clients) c.send(JSON.stringify({ type: 'event', event: { type: 'message.created', message: { id } } }));
      res.writeHead(201, { 'content-type': 'application/json' }).end('{}');
    });
  });
  const wss = new WebSocketServer({ server, path: '/api/v1/ws' });
  wss.on('connection', (ws) => ws.once('message', () => ws.send(JSON.stringify({ type: 'ready' }))));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const watch = await observer({ url }, 'x');
  for (const senders of [16]) {
    const latencies: number[] = [];
    let accepted = 0;
    const until = performance.now() + SECONDS * 1000;
    const started = performance.now();
    const own0 = ownCpu();
    await Promise.all(
      Array.from({ length: senders }, async (_, i) => {
        for (let k = 0; performance.now() < until; k++) {
          const id = `x${i}-${k}`;
          const heard = watch.wait(id);
          const t0 = performance.now();
          await postJson(`${url}/api/v1/dialogs/d/messages`, { id });
          accepted++;
          latencies.push((await heard) - t0);
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    report(`bare baseline (no database), ${senders} senders: accepted`, accepted / elapsed, 'msg/s');
    report(`bare baseline (no database), ${senders} senders: p99 POST → event`, pct(latencies, 99), 'ms');
    report(`bare baseline (no database), ${senders} senders: relay + load generator CPU per message`, ((ownCpu() - own0) * 1000) / Math.max(1, accepted), 'ms');
  }
  watch.close();
  wss.close();
  server.close();
}

// ---------------------------------------------------------------------------------------------
// Start and reopen

/** Starts the demo (`server/main.ts`) on a data folder; answers the wall time to "ready" and the server's own figure. */
async function startDemo(dataDir: string): Promise<{ wall: number; own: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/main.ts'), '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, CHATDESK_DATA_DIR: dataDir, DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const own = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += String(d);
      const m = /ready in ([\d.]+) s/.exec(out);
      if (m) resolve(Number(m[1]) * 1000);
    });
    child.once('exit', (code) => reject(new Error(`demo exited ${code}: ${out}`)));
  });
  const wall = performance.now() - t0;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return { wall, own };
}

/** Baseline: a bare Node process (with the same tsx loader) from spawn to listening. */
async function bareStart(): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', "require('node:http').createServer().listen(0, () => console.log('listening'))"], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => child.stdout.on('data', (d) => String(d).includes('listening') && resolve()));
  const ms = performance.now() - t0;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return ms;
}

async function startTimes(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chatdesk-bench-start-'));
  try {
    report('bare baseline: node + tsx, spawn to listening', await bareStart(), 'ms');
    const first = await startDemo(dir);
    report('first start of the demo (create + seed), PGlite, to ready', first.own, 'ms', '<= 5000');
    report('first start, process spawn to ready', first.wall, 'ms');
    const again = await startDemo(dir);
    report('reopen of the demo, PGlite, to ready', again.own, 'ms', '<= 1500');
    report('reopen, process spawn to ready', again.wall, 'ms');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Snapshot and first page

/**
 * The first page an operator's client asks for. Today: `listDialogs` (50 rows) after a full
 * `GET /bootstrap`; the paging work (issue 13) replaces the snapshot with a first page: change
 * this function and the figures follow.
 */
export async function firstPage(endpoint: string, token: string, timeoutMs: number): Promise<{ snapshotMs: number; snapshotBytes: number; pageMs: number }> {
  const headers = { authorization: `Bearer ${token}` };
  let t0 = performance.now();
  const snap = await fetch(`${endpoint}/bootstrap`, { headers, signal: AbortSignal.timeout(timeoutMs) })
    .then((r) => r.arrayBuffer())
    .catch(() => null);
  const snapshotMs = snap ? performance.now() - t0 : NaN;
  t0 = performance.now();
  const query = normalizeQuery({});
  const page = await fetch(`${endpoint}/dialogs/search`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ query, limit: 50 }),
    signal: AbortSignal.timeout(timeoutMs),
  })
    .then((r) => r.arrayBuffer())
    .catch(() => null);
  // n/a: no answer within the timeout.
  return { snapshotMs, snapshotBytes: snap?.byteLength ?? NaN, pageMs: page ? performance.now() - t0 : NaN };
}

async function snapshotAt(label: string, dataDir: string): Promise<void> {
  const instance = await startInstance({ CHATDESK_DATA_DIR: dataDir, DATABASE_URL: '' });
  try {
    const token = (await postJson(`${instance.endpoint}/auth/sign-in`, { operatorId: 'op-g01' })).json.token as string;
    const r = await firstPage(instance.endpoint, token, 60_000);
    if (Number.isNaN(r.snapshotMs) || Number.isNaN(r.pageMs)) console.log(`  ${label}: n/a means no answer within 60 s`);
    report(`${label}: GET /bootstrap (an operator, op-g01)`, r.snapshotMs, 'ms');
    report(`${label}: /bootstrap body`, r.snapshotBytes / 1024, 'KB');
    report(`${label}: first page of 50 (listDialogs)`, r.pageMs, 'ms');
  } finally {
    await instance.stop();
  }
}

async function snapshots(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chatdesk-bench-10k-'));
  try {
    const storage = await openStorage({ dataDir: dir });
    const seeded = await loadBulk(storage, { dialogs: 10_000, open: 1000 });
    await storage.close();
    report('seed 10k dialogs (npm run seed code path), PGlite', seeded.ms, 'ms');
    await snapshotAt('10k dialogs', dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const big = process.env.BENCH_1M_DIR;
  if (big && existsSync(path.join(big, 'db'))) await snapshotAt('1M dialogs', big);
  else console.log('  1M dialogs: skipped (npm run seed -- --dialogs 1000000 --open 5000 into a folder, then BENCH_1M_DIR=that folder)');
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  console.log(
    `server bench: ${SECONDS} s per level, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, ${os.cpus().length} cores`,
  );
  await baseline();
  if (runs('messages')) await messagePaths();
  if (runs('start')) await startTimes();
  if (runs('snapshots')) await snapshots();

  console.log('\nserver');
  const w = Math.max(...rows.map((r) => r.name.length));
  for (const r of rows) {
    const met = r.goal ? meets(r.value, r.goal) : null;
    console.log(`${r.name.padEnd(w)}  ${fmt(r.value).padStart(8)} ${r.unit.padEnd(8)} ${r.goal ?? ''}${met === false ? '  NO' : met ? '  yes' : ''}`);
  }
  console.log(
    `load average at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
}

async function pglitePath(): Promise<void> {
  const copy = await seededDataDir();
  const one = await startInstance({ CHATDESK_DATA_DIR: copy, DATABASE_URL: '', CHATDESK_DELAY_FACTOR: '1', ...PROFILE_ENV });
  try {
    await messagePath('PGlite', [one], false);
  } finally {
    await one.stop();
    rmSync(copy, { recursive: true, force: true });
  }
}

/** The message path on PGlite, PostgreSQL with one instance and with three. */
async function messagePaths(): Promise<void> {
  // PGlite: one process (the database is inside it).
  if (process.env.BENCH_SKIP_PGLITE !== '1') await pglitePath();
  if (process.env.BENCH_SKIP_PG === '1' || !findPostgresBin()) console.log('  PostgreSQL: skipped (not installed, or BENCH_SKIP_PG=1)');
  else {
    // PostgreSQL with its default durability (fsync, synchronous commit).
    const withStats = process.env.BENCH_PG_STATS === '1';
    const pg = await startPostgres(withStats ? { settings: { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'all' } } : {});
    try {
      for (const count of PG_INSTANCES) {
        const url = await pg.createDatabase(`bench${count}`);
        const stats = withStats ? await pgStats(url) : undefined;
        const instances: Instance[] = [];
        for (let i = 0; i < count; i++) instances.push(await startInstance({ DATABASE_URL: url, CHATDESK_DELAY_FACTOR: '1', CHATDESK_POOL: '10', ...PROFILE_ENV }));
        try {
          await messagePath(`PostgreSQL, ${count} instance${count > 1 ? 's' : ''}`, instances, true, stats, url);
        } finally {
          await stats?.close();
          for (const i of instances) await i.stop();
        }
      }
    } finally {
      await pg.stop();
    }
  }
}

main().then(
  () => {
    agent.destroy();
    rmSync(COUNT_DIR, { recursive: true, force: true });
    process.exit(0);
  },
  (e: unknown) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  },
);
