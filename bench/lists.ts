/**
 * Lists at scale (issue 13), measured from outside: the reference server on a data set made by
 * `npm run seed` (BENCH_1M_DIR: `CHATDESK_DATA_DIR=… npm run seed -- --dialogs 1000000 --open
 * 5000`; without it, a 20,000-dialog set is seeded into a temporary folder and the figures say
 * so), and `bench/lists.page.ts` in headless Chromium: `<dialog-list>` over the real client,
 * beside a bare windowed lit list of the same rows in the same page and run.
 *
 *   npm run bench -- lists
 *
 * Figures are printed with their goal and NO where missed; the bare list's figure and the ratio
 * stand beside each, with the load average, because the machine is shared.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { openStorage } from '../server/db/open.js';
import { loadBulk } from '../server/seed-bulk.js';
import { startInstance } from '../test/support/instances.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FRAME = '<= 16.7';
const PAGE = 100;

interface Row {
  name: string;
  value: number;
  unit: string;
  goal: string;
  bare?: number | undefined;
}
const rows: Row[] = [];

function report(name: string, value: number, unit: string, goal = '', bare?: number): void {
  rows.push({ name, value, unit, goal, bare });
  const met = meets(value, goal);
  const ratio = bare !== undefined && bare > 0 ? `  (bare list ${fmt(bare)} ${unit}, ×${(value / bare).toFixed(1)})` : '';
  console.log(`  ${name}: ${fmt(value)} ${unit}${goal ? `  goal ${goal}${met === false ? '  NO' : met ? '  yes' : ''}` : ''}${ratio}`);
}

function meets(v: number, goal: string): boolean | null {
  const m = /^\s*(<=|>=|<|>)\s*(-?[\d.]+)/.exec(goal);
  if (!m || !Number.isFinite(v)) return m ? false : null;
  const l = Number(m[2]);
  return m[1] === '<=' ? v <= l : m[1] === '<' ? v < l : m[1] === '>=' ? v >= l : v > l;
}

const fmt = (v: number) => (!Number.isFinite(v) ? 'n/a' : Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1));

async function page(): Promise<{ server: Server; url: string }> {
  const result = await build({
    entryPoints: [path.join(ROOT, 'bench/lists.page.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    tsconfig: path.join(ROOT, 'tsconfig.json'),
    conditions: ['production'],
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const script = result.outputFiles[0]!.text;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>lists bench</title><style>html,body{margin:0;height:100%;font-family:system-ui,sans-serif}</style></head><body><script type="module" src="/b.js"></script></body></html>`;
  const server = createServer((req, res) => {
    if (req.url === '/b.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(script);
    } else {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(html);
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return { server, url: `http://127.0.0.1:${port}/` };
}

/** Bytes that came from the chat server (HTTP bodies as sent, encoded; WebSocket payloads). */
function meter(cdp: CDPSession, endpoint: string): { bytes: () => number; reset: () => void } {
  const ours = new Set<string>();
  let bytes = 0;
  cdp.on('Network.requestWillBeSent', (e) => {
    if (e.request.url.startsWith(endpoint)) ours.add(e.requestId);
  });
  cdp.on('Network.loadingFinished', (e) => {
    if (ours.has(e.requestId)) bytes += e.encodedDataLength;
  });
  cdp.on('Network.webSocketCreated', (e) => {
    if (e.url.includes(new URL(endpoint).host)) ours.add(e.requestId);
  });
  cdp.on('Network.webSocketFrameReceived', (e) => {
    if (ours.has(e.requestId)) bytes += e.response.payloadData.length;
  });
  return { bytes: () => bytes, reset: () => (bytes = 0) };
}

async function heapMB(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const h = await cdp.send('Runtime.getHeapUsage');
  return h.usedSize / 1024 / 1024;
}

type Fn = (...args: never[]) => unknown;
function call<T>(p: Page, fn: string, ...args: unknown[]): Promise<T> {
  return p.evaluate(([f, a]) => (window as unknown as { benchLists: Record<string, Fn> }).benchLists[f as string]!(...(a as never[])), [fn, args] as const) as Promise<T>;
}

async function main(): Promise<void> {
  let dataDir = process.env.BENCH_1M_DIR ?? process.env.BENCH_LISTS_DIR;
  let label = '1M';
  let temp: string | undefined;
  if (!dataDir) {
    temp = mkdtempSync(path.join(os.tmpdir(), 'chatdesk-lists-'));
    dataDir = temp;
    label = '20k (set BENCH_1M_DIR for 1M)';
    console.log(`lists: no BENCH_1M_DIR: seeding 20,000 dialogs (2,000 open) into ${temp}…`);
    const storage = await openStorage({ dataDir });
    await loadBulk(storage, { dialogs: 20_000, open: 2_000, seed: 1 });
    await storage.close();
  }
  const step = (what: string) => process.env.BENCH_VERBOSE && console.log(`  … ${what}`);
  step('starting the server');
  const instance = await startInstance({ CHATDESK_DATA_DIR: dataDir, DATABASE_URL: '', CHATDESK_DELAY_FACTOR: '1' });
  const web = await page();
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--js-flags=--expose-gc'],
  });
  try {
    const signIn = await fetch(`${instance.endpoint}/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ operatorId: 'op-admin' }) });
    const token = ((await signIn.json()) as { token: string }).token;
    // The server's first answer after opening is not the client's start: warm it once.
    await fetch(`${instance.endpoint}/bootstrap?limit=${PAGE}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.arrayBuffer());
    step('signed in, warmed');
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const p = await ctx.newPage();
    p.on('pageerror', (e) => console.error(`  [page error] ${e.message}`));
    p.on('console', (m) => {
      if (m.type() === 'error' || process.env.BENCH_VERBOSE) console.error(`  [console.${m.type()}] ${m.text()}`);
    });
    const cdp = await ctx.newCDPSession(p);
    await cdp.send('Network.enable');
    const net = meter(cdp, instance.endpoint);
    step('browser up');
    await p.goto(web.url);
    await p.waitForFunction(() => 'benchLists' in window);
    step('page loaded');
    console.log(
      `\n▶ lists (${label} dialogs in storage, the administrator sees all; load average ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')})`,
    );

    // ------------------------------------------------------------ start
    const heap0 = await heapMB(cdp);
    net.reset();
    const start = await call<{ ms: number; total: number | null }>(p, 'startChatdesk', instance.endpoint, token, PAGE);
    const startBytes = net.bytes();
    const heap1 = await heapMB(cdp);
    net.reset();
    const bareStart = await call<number>(p, 'startBare', instance.endpoint, token, PAGE);
    const bareBytes = net.bytes();
    report(`start: first rows painted (client start to frame; ${start.total?.toLocaleString('en')} dialogs in the list)`, start.ms, 'ms', '<= 500', bareStart);
    report('start: bytes from the server (HTTP encoded + socket)', startBytes / 1024, 'KB', '<= 300', bareBytes / 1024);
    report('start: tab heap after GC', heap1, 'MB', '< 50');
    report('start: tab heap of the page before the start (bundle, lit)', heap0, 'MB');

    // ------------------------------------------------------------ query changes
    const server = await call<{ ms: number; local: boolean }>(p, 'queryChange', { channels: ['ch-telegram'] });
    const bareServer = await call<number>(p, 'bareQuery', instance.endpoint, token, { channels: ['ch-telegram'] });
    report(`filter change answered by the server: first rows painted${server.local ? ' (answered locally!)' : ''}`, server.ms, 'ms', '<= 100', bareServer);
    const open = await call<{ ms: number; total: number | null }>(p, 'queryChange', { channels: [], status: 'open' });
    const loadedOpen = await call<number>(p, 'load', open.total ?? 0);
    const local = await call<{ ms: number; local: boolean }>(p, 'queryChange', { channels: ['ch-telegram'] });
    const bareLocal = await p.evaluate(() =>
      (window as unknown as { benchLists: { bareLocal(f: (d: { channelId: string }) => boolean): Promise<number> } }).benchLists.bareLocal((d) => d.channelId === 'ch-telegram'),
    );
    report(`filter change answered locally (${loadedOpen.toLocaleString('en')} open rows loaded: the whole answer)${local.local ? '' : ' (went to the server!)'}`, local.ms, 'ms', FRAME, bareLocal);
    const sortLocal = await call<{ ms: number; local: boolean }>(p, 'queryChange', { channels: [], sort: 'activity' });
    report(`sort change answered locally (${loadedOpen.toLocaleString('en')} rows)${sortLocal.local ? '' : ' (went to the server!)'}`, sortLocal.ms, 'ms', FRAME);
    await call(p, 'queryChange', { status: 'all', sort: 'processing' });

    // ------------------------------------------------------------ live events, scroll
    for (const n of process.env.BENCH_TRACE ? [10_000] : [10_000, 100_000]) {
      const t0 = performance.now();
      const loaded = await call<number>(p, 'load', n);
      const k = `${Math.round(loaded / 1000)}k loaded`;
      console.log(`  (${loaded.toLocaleString('en')} rows loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
      if (process.env.BENCH_TRACE) await call(p, 'startTrace');
      if (process.env.BENCH_PROFILE) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.start');
      }
      const live = await call<Record<string, number>>(p, 'liveChatdesk');
      if (process.env.BENCH_PROFILE) {
        const { profile } = await cdp.send('Profiler.stop');
        const self = new Map<string, number>();
        const dt = profile.timeDeltas ?? [];
        const byId = new Map(profile.nodes.map((n) => [n.id, n]));
        (profile.samples ?? []).forEach((id, i) => {
          const n = byId.get(id)!;
          const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
          self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0) / 1000);
        });
        console.log(
          '  profile (self ms):',
          [...self]
            .sort((a, b) => b[1] - a[1])
            .slice(0, 12)
            .map(([k, v]) => `${k} ${v.toFixed(0)}`)
            .join(' | '),
        );
      }
      if (process.env.BENCH_TRACE) console.log(`  trace: ${JSON.stringify(await call(p, 'endTrace'))}`);
      const bare = await call<Record<string, number>>(p, 'liveBare');
      report(`1,000 live events at once, ${k}: longest frame`, live.onceLongest!, 'ms', FRAME, bare.onceLongest);
      report(`1,000 live events at once, ${k}: longest main-thread task`, live.onceTask!, 'ms', FRAME, bare.onceTask);
      report(`1,000 live events at once, ${k}: main-thread time to painted`, live.onceBusy!, 'ms', '', bare.onceBusy);
      report(`1,000 live events over 1 s, ${k}: longest main-thread task`, live.spreadTask!, 'ms', FRAME, bare.spreadTask);
      report(`1,000 live events over 1 s, ${k}: longest frame interval (idle frames skipped by headless count here)`, live.spreadLongest!, 'ms', '', bare.spreadLongest);
      report(`1,000 live events over 1 s, ${k}: frame intervals over 16.7 ms`, live.spreadOver!, 'frames', '<= 0', bare.spreadOver);
      const sc = await call<{ p95: number; max: number }>(p, 'scroll', 'chatdesk');
      const sb = await call<{ p95: number; max: number }>(p, 'scroll', 'bare');
      report(`scroll, ${k}: p95 frame work`, sc.p95, 'ms', '< 8', sb.p95);
      report(`scroll, ${k}: longest frame work`, sc.max, 'ms', '', sb.max);
      report(`tab heap after GC, ${k}`, await heapMB(cdp), 'MB');
    }
    console.log(
      `  load average after: ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await browser.close();
    web.server.close();
    await instance.stop();
    if (temp) rmSync(temp, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
