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
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { openStorage } from '../server/db/open.js';
import { loadBulk } from '../server/seed-bulk.js';
import { startInstance } from '../test/support/instances.js';
import { allocations, collections } from './lists.probes.js';

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

/**
 * Runs `work`; with BENCH_PROFILE set, under the CPU profiler, printing the functions with the
 * most self time (where a figure's milliseconds go).
 */
async function profiled<T>(cdp: CDPSession, what: string, work: () => Promise<T>): Promise<T> {
  if (process.env.BENCH_TIMELINE) return timeline(what, work);
  if (!process.env.BENCH_PROFILE) return work();
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  const out = await work();
  const { profile } = await cdp.send('Profiler.stop');
  const self = new Map<string, number>();
  const dt = profile.timeDeltas ?? [];
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  (profile.samples ?? []).forEach((id, i) => {
    const n = byId.get(id)!;
    const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
    self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0) / 1000);
  });
  const top = [...self].filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(program)')).sort((a, b) => b[1] - a[1]);
  console.log(
    `  profile of ${what} (self ms): ${top
      .slice(0, Number(process.env.BENCH_PROFILE_TOP ?? 14))
      .map(([k, v]) => `${k} ${v.toFixed(1)}`)
      .join(' | ')}`,
  );
  return out;
}

let traced: { browser: Browser; page: Page } | null = null;
/**
 * Runs `work` under a Chromium trace (BENCH_TIMELINE) and prints the renderer main thread's time
 * by kind: script, style, layout, paint... (what the JS profile does not show).
 */
async function timeline<T>(what: string, work: () => Promise<T>): Promise<T> {
  const { browser, page } = traced!;
  await browser.startTracing(page, {
    categories: [
      'devtools.timeline',
      'disabled-by-default-devtools.timeline',
      'disabled-by-default-devtools.timeline.frame',
      'blink.user_timing',
      'v8',
      ...(process.env.BENCH_INVAL ? ['disabled-by-default-devtools.timeline.invalidationTracking'] : []),
    ],
  });
  const out = await work();
  const buf = await browser.stopTracing();
  const events = (JSON.parse(buf.toString('utf8')) as { traceEvents: Array<{ name: string; ph: string; ts: number; dur?: number; tid: number; pid: number; args?: { name?: string } }> }).traceEvents;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const by = new Map<string, number>();
  let longest = 0;
  for (const e of events) {
    if (!main || e.tid !== main.tid || e.pid !== main.pid || e.ph !== 'X' || !e.dur) continue;
    if (e.name === 'RunTask') longest = Math.max(longest, e.dur / 1000);
    if (['RunTask', 'FunctionCall', 'UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'HitTest', 'MajorGC', 'MinorGC', 'V8.GC_SCAVENGER', 'ParseHTML', 'RunMicrotasks'].includes(e.name))
      by.set(e.name, (by.get(e.name) ?? 0) + e.dur / 1000);
  }
  console.log(`  timeline of ${what} (ms on the main thread): ${[...by].map(([k, v]) => `${k} ${v.toFixed(1)}`).join(' | ')} | longest task ${longest.toFixed(1)}`);
  if (main) splitMarked(events, main);
  if (process.env.BENCH_INVAL && /one frame/.test(what) && !/bare/.test(what)) {
    const by = new Map<string, number>();
    for (const e of events as Array<{
      name: string;
      args?: { data?: { reason?: string; nodeName?: string; changedAttribute?: string; changedClass?: string; extraData?: string; invalidationList?: Array<{ classes?: string[] }> } };
    }>) {
      if (!/Invalidation|StyleRecalc|LayoutInvalidation|PaintInvalidation/.test(e.name)) continue;
      const d = e.args?.data ?? {};
      const k = `${e.name} ${d.reason ?? ''} ${d.changedAttribute ?? ''}${d.changedClass ?? ''}${d.extraData ?? ''} @${d.nodeName ?? ''}`;
      by.set(k, (by.get(k) ?? 0) + 1);
    }
    console.log(
      `INVAL ${what}: ${[...by]
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${v}× ${k}`)
        .join(' | ')}`,
    );
  }
  if (process.env.BENCH_TIMELINE === 'tasks') {
    // Each task over 3 ms with what ran inside it (events starting within it, over 0.3 ms).
    const mine = events.filter((e) => main && e.tid === main.tid && e.pid === main.pid && e.ph === 'X' && e.dur) as Array<{
      name: string;
      ts: number;
      dur: number;
      args?: { elementCount?: number; beginData?: { dirtyObjects?: number; totalObjects?: number }; data?: { url?: string; lineNumber?: number; functionName?: string; elementCount?: number } };
    }>;
    for (const t of mine.filter((e) => e.name === 'RunTask' && e.dur > 3000)) {
      const inner = mine.filter((e) => e !== t && e.ts >= t.ts && e.ts < t.ts + t.dur && e.dur > 300 && e.name !== 'RunTask');
      console.log(
        `    task ${(t.dur / 1000).toFixed(1)} ms: ${inner.map((e) => `${e.name}${e.args?.data?.functionName ? `(${e.args.data.functionName})` : ''}${(e.args?.data?.elementCount ?? e.args?.elementCount) ? `[${e.args?.data?.elementCount ?? e.args?.elementCount} elements]` : ''}${e.args?.beginData?.dirtyObjects ? `[${e.args.beginData.dirtyObjects}/${e.args.beginData.totalObjects} objects]` : ''} ${(e.dur / 1000).toFixed(1)}`).join(', ')}`,
      );
    }
  }
  return out;
}

type TraceEvent = { name: string; ph: string; ts: number; dur?: number; tdur?: number; tid: number; pid: number; args?: { name?: string } };
/** Steps of a frame whose thread CPU `splitMarked` prints (they do not nest in one another). */
const STEPS = ['UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'Commit'];
/** The main thread's time kinds, later ones winning where they nest (a forced layout inside script is layout). */
const KINDS: Array<[string, string[]]> = [
  ['script', ['FunctionCall', 'EvaluateScript', 'RunMicrotasks', 'FireAnimationFrame', 'TimerFire', 'EventDispatch', 'v8.callFunction', 'V8.Execute']],
  ['gc', ['MinorGC', 'MajorGC', 'V8.GC_SCAVENGER', 'V8.GC_MARK_COMPACTOR', 'BlinkGC.AtomicPhase']],
  ['style', ['UpdateLayoutTree', 'ParseAuthorStyleSheet']],
  ['layout', ['Layout']],
  ['paint', ['PrePaint', 'Paint', 'Layerize', 'Commit', 'UpdateLayer', 'PaintImage', 'UpdateLayerTree']],
];
/**
 * BENCH_TIMELINE: splits each span between the page's `bench-t0` and `bench-t1` marks into the main
 * thread's script, GC, style, layout, paint, other task time and idle (no task running), and lists
 * the tasks in it (offset from t0, duration) and the frames begun (what the figure is made of).
 */
function splitMarked(events: TraceEvent[], main: TraceEvent): void {
  const marks = events.filter((e) => e.pid === main.pid && (e.name === 'bench-t0' || e.name === 'bench-t1') && (e.ph === 'R' || e.ph === 'I' || e.ph === 'i' || e.ph === 'n' || e.ph === 'b'));
  const on = events.filter((e) => e.tid === main.tid && e.pid === main.pid && e.ph === 'X' && e.dur);
  for (let i = 0; i + 1 < marks.length; i++) {
    if (marks[i]!.name !== 'bench-t0' || marks[i + 1]!.name !== 'bench-t1') continue;
    const t0 = marks[i]!.ts;
    const t1 = marks[i + 1]!.ts;
    const inside = on.filter((e) => e.ts < t1 && e.ts + e.dur! > t0);
    const cuts = [...new Set([t0, t1, ...inside.flatMap((e) => [Math.max(t0, e.ts), Math.min(t1, e.ts + e.dur!)])])].sort((a, b) => a - b);
    const by = new Map<string, number>();
    for (let k = 0; k + 1 < cuts.length; k++) {
      const [a, b] = [cuts[k]!, cuts[k + 1]!];
      const over = inside.filter((e) => e.ts <= a && e.ts + e.dur! >= b);
      let kind = over.some((e) => e.name === 'RunTask') ? 'other' : 'idle';
      for (const [name, names] of KINDS) if (over.some((e) => names.includes(e.name))) kind = name;
      by.set(kind, (by.get(kind) ?? 0) + (b - a) / 1000);
    }
    const tasks = inside.filter((e) => e.name === 'RunTask' && e.dur! > 200).map((e) => `@${((e.ts - t0) / 1000).toFixed(1)} ${(e.dur! / 1000).toFixed(1)}`);
    const frames = events
      .filter((e) => e.pid === main.pid && e.ts >= t0 && e.ts <= t1 && (e.name === 'BeginFrame' || e.name === 'BeginMainThreadFrame'))
      .map((e) => `${e.name === 'BeginFrame' ? 'vsync' : 'main'}@${((e.ts - t0) / 1000).toFixed(1)}`);
    // Thread CPU (`tdur`), which the other processes of a loaded machine do not inflate the way they
    // do wall time: the tasks in the span, and the frame's steps (script and the rest is what is left).
    const cpu = new Map<string, number>([['tasks', 0]]);
    for (const e of inside) {
      if (e.ts < t0 - 500 || e.tdur === undefined) continue;
      if (e.name === 'RunTask') cpu.set('tasks', cpu.get('tasks')! + e.tdur / 1000);
      else if (STEPS.includes(e.name)) cpu.set(e.name, (cpu.get(e.name) ?? 0) + e.tdur / 1000);
    }
    console.log(
      `    t0→t1 ${((t1 - t0) / 1000).toFixed(1)} ms: ${[...by].map(([k, v]) => `${k} ${v.toFixed(1)}`).join(' | ')}; tasks over 0.2 ms (@start dur): ${tasks.join(', ')}; frames: ${frames.join(' ')}; thread CPU ms: ${[...cpu].map(([k, v]) => `${k} ${v.toFixed(2)}`).join(' | ')}`,
    );
  }
}

/** The query changes' figures: answered by the server, then locally (one frame, and to the next painted frame). */
async function queryChanges(p: Page, cdp: CDPSession, endpoint: string, token: string): Promise<void> {
  // Three channels, one round each; who asks first alternates (the second request finds the
  // channel's rows in the database's cache). The first round alone is the figure before s8.
  const serverRuns: Array<{ ms: number; bare: number; local: boolean }> = [];
  for (const [round, channel] of ['ch-telegram', 'ch-whatsapp', 'ch-site'].entries()) {
    const ours = () => call<{ ms: number; local: boolean }>(p, 'queryChange', { channels: [channel] });
    const bare = () => call<number>(p, 'bareQuery', endpoint, token, { channels: [channel] });
    if (round % 2 === 0) {
      const r = await ours();
      serverRuns.push({ ...r, bare: await bare() });
    } else {
      const b = await bare();
      serverRuns.push({ ...(await ours()), bare: b });
    }
  }
  const wentLocal = serverRuns.some((r) => r.local) ? ' (answered locally!)' : '';
  report(
    `filter change answered by the server: first rows painted (three channels; min of 3)${wentLocal}`,
    Math.min(...serverRuns.map((r) => r.ms)),
    'ms',
    '<= 100',
    Math.min(...serverRuns.map((r) => r.bare)),
  );
  report(`the first filter change answered by the server (round 1 alone, chatdesk asks first)`, serverRuns[0]!.ms, 'ms', '<= 100', serverRuns[0]!.bare);
  const open = await call<{ ms: number; total: number | null }>(p, 'queryChange', { channels: [], status: 'open' });
  const loadedOpen = await call<number>(p, 'load', open.total ?? 0);
  // Each local figure: the least of three rounds (filter in, sort, sort back), each beside the bare
  // list's. Two rulers per round (bench/lists.page.ts): `queryChange` from a task to the next
  // painted frame (includes the wait for that frame to begin), and `queryOneFrame`, the change
  // made at a frame's start and timed to the end of the frame that painted it, with that frame's
  // number (1 = the frame the change was made in).
  const min = (xs: number[]) => Math.min(...xs);
  type One = { work: number; frames: number; late: number; local?: boolean };
  const runs = { filter: [] as number[], sort: [] as number[], bareFilter: [] as number[], bareSort: [] as number[], local: true };
  const one = { filter: [] as One[], sort: [] as One[], bareFilter: [] as One[], bareSort: [] as One[] };
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  for (let round = 0; round < rounds; round++) {
    const label = round === 0 ? '' : ` (round ${round + 1})`;
    const f = await profiled(cdp, `local filter${label}`, () => call<{ ms: number; local: boolean }>(p, 'queryChange', { channels: ['ch-telegram'] }));
    runs.bareFilter.push(await profiled(cdp, `bare local filter${label}`, () => call<number>(p, 'bareLocal', 'ch-telegram')));
    const so = await profiled(cdp, `local sort${label}`, () => call<{ ms: number; local: boolean }>(p, 'queryChange', { channels: [], sort: 'activity' }));
    runs.bareSort.push(await profiled(cdp, `bare local sort${label}`, () => call<number>(p, 'bareLocal', null)));
    await call(p, 'queryChange', { sort: 'processing' });
    runs.filter.push(f.ms);
    runs.sort.push(so.ms);
    runs.local &&= f.local && so.local;
    one.filter.push(await profiled(cdp, `local filter in one frame${label}`, () => call<One>(p, 'queryOneFrame', { channels: ['ch-telegram'] })));
    one.bareFilter.push(await profiled(cdp, `bare local filter in one frame${label}`, () => call<One>(p, 'bareOneFrame', 'ch-telegram')));
    one.sort.push(await profiled(cdp, `local sort in one frame${label}`, () => call<One>(p, 'queryOneFrame', { channels: [], sort: 'activity' })));
    one.bareSort.push(await profiled(cdp, `bare local sort in one frame${label}`, () => call<One>(p, 'bareOneFrame', null)));
    await call(p, 'queryChange', { sort: 'processing' });
    runs.local &&= one.filter[round]!.local! && one.sort[round]!.local!;
    const show = (o: One) => `${o.work.toFixed(1)} ms in ${o.frames} frame${o.frames === 1 ? '' : 's'} (began ${o.late.toFixed(1)} ms into its frame)`;
    console.log(`  round ${round + 1} in one frame: filter ${show(one.filter[round]!)}, bare ${show(one.bareFilter[round]!)}; sort ${show(one.sort[round]!)}, bare ${show(one.bareSort[round]!)}`);
  }
  const went = runs.local ? '' : ' (went to the server!)';
  const best = (xs: One[]) => xs.reduce((a, b) => (b.work < a.work ? b : a));
  for (const [what, ours, bare] of [
    [`filter change answered locally (${loadedOpen.toLocaleString('en')} open rows loaded: the whole answer)`, one.filter, one.bareFilter],
    [`sort change answered locally (${loadedOpen.toLocaleString('en')} rows)`, one.sort, one.bareSort],
  ] as const) {
    const [o, b] = [best(ours), best(bare)];
    report(`${what} in one frame: work from the change at a frame's start to the end of the frame that painted it (min of ${rounds})${went}`, o.work, 'ms', FRAME, b.work);
    report(`${what}: frames until painted, in that round (1 = painted in the frame the change was made in)`, o.frames, 'frames', '<= 1', b.frames);
  }
  report(
    `filter change answered locally, to the next painted frame after a task (includes the wait for that frame to begin, up to 16.7 ms idle; the figure before s9; min of ${rounds})`,
    min(runs.filter),
    'ms',
    '',
    min(runs.bareFilter),
  );
  report(`sort change answered locally, to the next painted frame after a task (the same ruler; min of ${rounds})`, min(runs.sort), 'ms', '', min(runs.bareSort));
  report(`the first sort change answered locally, to the next painted frame after a task (round 1 alone: builds what the rows' times need)`, runs.sort[0]!, 'ms', '', runs.bareSort[0]);
  await call(p, 'queryChange', { status: 'all', sort: 'processing' });
}

async function main(): Promise<void> {
  let dataDir = process.env.BENCH_1M_DIR ?? process.env.BENCH_LISTS_DIR;
  let label = `the set in ${dataDir ?? ''}`;
  let temp: string | undefined;
  if (!dataDir) {
    temp = mkdtempSync(path.join(os.tmpdir(), 'chatdesk-lists-'));
    dataDir = temp;
    label = '20k dialogs seeded (set BENCH_1M_DIR for 1M)';
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
    traced = { browser, page: p };
    const cdp = await ctx.newCDPSession(p);
    await cdp.send('Network.enable');
    const net = meter(cdp, instance.endpoint);
    step('browser up');
    await p.goto(`${web.url}?${process.env.BENCH_TIMELINE ? 'marks' : ''}${process.env.BENCH_NO_COLLECT ? '&nocollect' : ''}`);
    await p.waitForFunction(() => 'benchLists' in window);
    step('page loaded');
    console.log(
      `\n▶ lists (${label}, the administrator sees all; load average ${os
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
    // BENCH_SKIP_QUERIES: straight to the live events (a quicker run when only they are looked at).
    if (!process.env.BENCH_SKIP_QUERIES) await queryChanges(p, cdp, instance.endpoint, token);

    // ------------------------------------------------------------ live events, scroll
    for (const n of process.env.BENCH_LOADS ? process.env.BENCH_LOADS.split(',').filter(Number).map(Number) : process.env.BENCH_TRACE ? [10_000] : [10_000, 100_000]) {
      const t0 = performance.now();
      const loaded = await call<number>(p, 'load', n);
      const k = `${Math.round(loaded / 1000)}k loaded`;
      console.log(`  (${loaded.toLocaleString('en')} rows loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
      if (process.env.BENCH_TRACE) await call(p, 'startTrace');
      const live = await collections(traced!, `live events, ${k}`, () =>
        allocations(cdp, `live events, ${k}`, () => profiled(cdp, `live events, ${k}`, () => call<Record<string, number>>(p, 'liveChatdesk'))),
      );
      if (process.env.BENCH_TRACE) console.log(`  trace: ${JSON.stringify(await call(p, 'endTrace'))}`);
      const bare = await collections(traced!, `bare live events, ${k}`, () => allocations(cdp, `bare live events, ${k}`, () => call<Record<string, number>>(p, 'liveBare')));
      // A frame interval is one vsync (16.7 ms at 60 Hz) when no frame was missed; its timestamps
      // jitter by a few tenths, so the judge is the same 17.5 ms the count of frames over uses.
      report(`1,000 live events at once, ${k}: longest frame interval (one 60 Hz frame is 16.7 ms)`, live.onceLongest!, 'ms', '<= 17.5', bare.onceLongest);
      report(`1,000 live events at once, ${k}: longest main-thread task`, live.onceTask!, 'ms', FRAME, bare.onceTask);
      report(`1,000 live events at once, ${k}: main-thread time to painted`, live.onceBusy!, 'ms', '', bare.onceBusy);
      report(`1,000 live events over 1 s, ${k}: longest main-thread task`, live.spreadTask!, 'ms', FRAME, bare.spreadTask);
      report(`1,000 live events over 1 s, ${k}: longest frame interval (idle frames skipped by headless count here)`, live.spreadLongest!, 'ms', '', bare.spreadLongest);
      report(`1,000 live events over 1 s, ${k}: frame intervals over 16.7 ms`, live.spreadOver!, 'frames', '<= 0', bare.spreadOver);
      const sc = await profiled(cdp, `scroll, ${k}`, () => call<Record<string, number>>(p, 'scroll', 'chatdesk'));
      const sb = await call<Record<string, number>>(p, 'scroll', 'bare');
      report(`scroll, ${k}: p95 frame work (the list's, from the scroll event to its render)`, sc.p95!, 'ms', '< 8', sb.p95);
      report(`scroll, ${k}: longest frame work`, sc.max!, 'ms', '', sb.max);
      report(`scroll, ${k}: p95 of the 2-row steps`, sc.p95Steps!, 'ms', '', sb.p95Steps);
      report(`scroll, ${k}: p95 of the 40-row jumps back`, sc.p95Jumps!, 'ms', '', sb.p95Jumps);
      report(`scroll, ${k}: p95 with the bench's own scrollTop write (the figure before s7)`, sc.p95WithWrite!, 'ms', '< 8', sb.p95WithWrite);
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
