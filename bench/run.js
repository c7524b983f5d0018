#!/usr/bin/env node
// Benchmark harness: runs every bench/*.bench.ts in headless Chromium and prints what it measured.
//
//   npm run bench                     every bench
//   npm run bench -- tag-filter       only files whose name contains "tag-filter"
//   npm run bench -- server           the reference server's figures (bench/server.ts, in Node)
//   npm run bench -- search           L6 search at 10k dialogs (bench/search.ts; BENCH_1M_DIR adds 1M)
//   npm run bench -- lists            lists at scale against a seeded server (bench/lists.ts;
//                                     BENCH_1M_DIR names a folder made by npm run seed)
//   npm run bench -- --json out.json  also write the results as JSON
//
// Each bench module exports
//   default async function run(report: (name, value, unit, goal?) => void): Promise<void>
// and is bundled with esbuild (production mode: no lit dev warnings), served on a loopback port
// and opened in headless Chromium through playwright-core. Goals ("<= 50", "< 16.7 ms", ">= 60")
// are informational: the table says whether each was met, and the exit code is 0 unless a bench
// throws (or the browser cannot start). Speed is measured here, never asserted in tests.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { CHROME_ARGS } from '../scripts/find-chrome.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BENCH_DIR = path.join(ROOT, 'bench');
const BENCH_ARGS = [
  ...CHROME_ARGS,
  // Lets a bench call gc() between measurements so one run's garbage does not land in the next.
  '--js-flags=--expose-gc',
];
/** A bench may take this long (seeding 100,000 dialogs is slow on a busy machine). */
const BENCH_TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 15 * 60_000);

function parseArgs(argv) {
  const filters = [];
  let json = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') json = argv[++i] ?? 'bench-results.json';
    else if (a === '--help' || a === '-h') {
      console.log('Usage: npm run bench [-- <name filter>...] [--json <file>]');
      process.exit(0);
    } else filters.push(a);
  }
  return { filters, json };
}

async function chromePath() {
  const finder = path.join(ROOT, 'scripts', 'find-chrome.js');
  if (existsSync(finder)) {
    try {
      const mod = await import(pathToFileURL(finder).href);
      const found = typeof mod.findChrome === 'function' ? mod.findChrome() : null;
      if (found) return found;
    } catch (e) {
      console.warn(`scripts/find-chrome.js: ${e instanceof Error ? e.message : e}`);
    }
  }
  return '/usr/bin/chromium';
}

/** Bundles one bench with a small entry that streams its reports to the harness. */
async function bundle(file) {
  const rel = `./${path.relative(ROOT, file).split(path.sep).join('/')}`;
  const entry = `
    import run from ${JSON.stringify(rel)};
    const report = (name, value, unit, goal) => window.__benchReport({ name: String(name), value: Number(value), unit: String(unit ?? ''), goal: goal == null ? '' : String(goal) });
    // Started after the page loaded, so a long synchronous setup never holds up navigation.
    window.__benchDone = new Promise((resolve) => (document.readyState === 'complete' ? resolve() : addEventListener('load', () => resolve(), { once: true })))
      .then(() => new Promise((resolve) => setTimeout(resolve)))
      .then(() => run(report))
      .then(() => ({ ok: true }), (e) => ({ ok: false, error: e && e.stack ? String(e.stack) : String(e) }));
  `;
  const result = await build({
    stdin: { contents: entry, resolveDir: ROOT, sourcefile: 'bench-entry.js', loader: 'js' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    tsconfig: path.join(ROOT, 'tsconfig.json'),
    conditions: ['production'],
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
    legalComments: 'none',
  });
  return result.outputFiles[0].text;
}

function serve(script) {
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>chatdesk bench</title>
<style>html,body{margin:0;height:100%;font-family:system-ui,sans-serif}</style></head>
<body><script type="module" src="/bench.js"></script></body></html>`;
  const server = createServer((req, res) => {
    if (req.url === '/' || req.url?.startsWith('/?')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(page);
    } else if (req.url === '/bench.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      res.end(script);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/** Parses "<= 50 ms", "< 16.7", "≥ 60" and says whether `value` meets it; `null` when there is no goal. */
export function meetsGoal(value, goal) {
  const m = /^\s*(<=|>=|<|>|≤|≥|=)\s*(-?[\d.]+)/.exec(goal ?? '');
  if (!m) return null;
  const limit = Number(m[2]);
  switch (m[1]) {
    case '<':
      return value < limit;
    case '<=':
    case '≤':
      return value <= limit;
    case '>':
      return value > limit;
    case '>=':
    case '≥':
      return value >= limit;
    default:
      return value === limit;
  }
}

function formatValue(v) {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1);
}

function printTable(title, rows) {
  const head = ['measure', 'value', 'unit', 'goal', 'met'];
  const body = rows.map((r) => {
    const met = meetsGoal(r.value, r.goal);
    return [r.name, formatValue(r.value), r.unit, r.goal, met === null ? '' : met ? 'yes' : 'NO'];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) =>
    cells
      .map((c, i) => (i === 1 ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  console.log(`\n${title}`);
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
}

/** `server` (bench/server.ts) measures the reference server from Node, not in the browser. */
function runServerBench() {
  return runNodeBench('server.ts');
}

/** A bench driven from Node (it starts servers and, for `lists`, its own Chromium). */
function runNodeBench(file) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(BENCH_DIR, file)], { cwd: ROOT, stdio: 'inherit' });
  return r.status ?? 1;
}

async function main() {
  const parsed = parseArgs(process.argv.slice(2));
  const { json } = parsed;
  let filters = parsed.filters;
  let serverCode = 0;
  if (filters.length === 0 || filters.includes('server')) {
    serverCode = runServerBench();
    filters = filters.filter((f) => f !== 'server');
    if (parsed.filters.length > 0 && filters.length === 0) return serverCode;
  }
  if (filters.length === 0 || filters.includes('lists')) {
    serverCode = runNodeBench('lists.ts') || serverCode;
    filters = filters.filter((f) => f !== 'lists');
    if (parsed.filters.length > 0 && filters.length === 0) return serverCode;
  }
  if (filters.length === 0 || filters.includes('search')) {
    serverCode = runNodeBench('search.ts') || serverCode;
    filters = filters.filter((f) => f !== 'search');
    if (parsed.filters.length > 0 && filters.length === 0) return serverCode;
  }
  const files = existsSync(BENCH_DIR)
    ? readdirSync(BENCH_DIR)
        .filter((f) => f.endsWith('.bench.ts'))
        .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
        .sort()
        .map((f) => path.join(BENCH_DIR, f))
    : [];
  if (files.length === 0) {
    console.log(filters.length ? `No bench matches ${filters.join(', ')}.` : 'No bench/*.bench.ts found.');
    return 0;
  }
  const executablePath = await chromePath();
  const browser = await chromium.launch({ executablePath, headless: true, args: BENCH_ARGS });
  const all = {};
  let failures = 0;
  try {
    for (const file of files) {
      const name = path.basename(file, '.bench.ts');
      const rows = [];
      process.stdout.write(`\n▶ ${name}: bundling…`);
      let server;
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
      try {
        const script = await bundle(file);
        server = await serve(script);
        const page = await context.newPage();
        page.on('pageerror', (e) => console.error(`\n  [page error] ${e.message}`));
        page.on('console', (m) => {
          if (m.type() === 'error' || m.type() === 'warning') console.error(`\n  [console.${m.type()}] ${m.text()}`);
        });
        await page.exposeFunction('__benchReport', (r) => {
          rows.push(r);
          process.stdout.write(`\n  ${r.name}: ${formatValue(r.value)} ${r.unit}`);
        });
        process.stdout.write(' running');
        const { port } = server.address();
        await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'commit' });
        const outcome = await page.evaluate(
          (ms) =>
            Promise.race([
              new Promise((resolve) => {
                const wait = () => (window.__benchDone ? window.__benchDone.then(resolve) : setTimeout(wait, 20));
                wait();
              }),
              new Promise((resolve) => setTimeout(() => resolve({ ok: false, error: `timed out after ${ms} ms` }), ms)),
            ]),
          BENCH_TIMEOUT_MS,
        );
        process.stdout.write('\n');
        if (!outcome.ok) {
          failures++;
          console.error(`  ✗ ${name} threw:\n${outcome.error}`);
        }
      } catch (e) {
        failures++;
        console.error(`\n  ✗ ${name}: ${e instanceof Error ? e.message : e}`);
      } finally {
        server?.close();
        await context.close();
      }
      all[name] = rows;
      printTable(`${name} (${rows.length} measures)`, rows);
    }
  } finally {
    await browser.close();
  }
  if (json) {
    writeFileSync(path.resolve(json), JSON.stringify({ date: new Date().toISOString(), results: all }, null, 2) + '\n');
    console.log(`\nWrote ${json}`);
  }
  return failures || serverCode ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      console.error(e instanceof Error ? e.stack : e);
      process.exit(1);
    },
  );
}
