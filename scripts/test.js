#!/usr/bin/env node
// npm test: every check and test suite in order, then one summary line.
//
//   node scripts/test.js                     everything
//   node scripts/test.js --only lint         suites whose name or group matches (comma list)
//   node scripts/test.js --skip browser      everything except ...
//   node scripts/test.js --list              show the suites
//
// The last line printed is exactly `N passed, N failed` (`, N skipped` appended
// when something was skipped), summing the tests of all suites. A check suite
// (typecheck, eslint, lit-analyzer, layers, format, build, size) that fails adds 1 to "failed";
// so does a test suite that exits non-zero without reporting a failed test
// (crash, browser not found, ...). Exit code is non-zero if anything failed.
//
// Every suite runs beside the others, CHATDESK_TEST_JOBS at a time (default: the number of CPUs
// plus one, at most 4; 1 runs them one by one in the order below, streaming their output); each
// one's output is printed in one piece when it ends. Measured on a fresh clone on this 2-core
// machine, quiet (session 10), `npm ci` included: 6 min 21 s three at a time against 7 min 4 s
// before (the checks two at a time, then each test suite alone). The suites are mostly CPU-bound, so the gain is only the
// time a suite alone leaves a core idle; beside the others each takes about twice as long. They
// start longest chain first (`weight`: seconds measured on a quiet 2-core machine, plus what waits
// for them), so the build, which the size check, the interop apps, the stories and the manifest
// test wait for, starts at once. Tests share the machine, so they must hold on a loaded one
// anyway (they wait for signals, never for fixed times; speed is measured by `npm run bench`).
//
// Adding a suite: append to EXTRA_SUITES below, e.g.
//   { name: 'stories', cmd: [node, bin('@web/test-runner', 'wtr'), '--config', 'web-test-runner.stories.config.js'],
//     resultsFile: '.test-results/stories.json', format: 'json' }
// A results file is { "passed": n, "failed": n, "skipped": n } JSON ('json'), node's
// TAP output ('tap') or JUnit XML ('junit'); without one the suite is a pass/fail check.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_DIR = '.test-results';
const node = process.execPath;

/** Path of a package's bin script inside node_modules (run it with `node`). */
function bin(pkgName, binName) {
  const dir = path.join(ROOT, 'node_modules', pkgName);
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const rel = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin[binName ?? pkgName.split('/').pop()];
  return path.join(dir, rel);
}

/** Files under `roots` (relative to the repo) whose name passes `accept`. */
function findFiles(roots, accept) {
  const out = [];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const item of readdirSync(dir, { withFileTypes: true })) {
      if (item.name === 'node_modules' || item.name.startsWith('.')) continue;
      const full = path.join(dir, item.name);
      if (item.isDirectory()) walk(full);
      else if (accept(item.name)) out.push(path.relative(ROOT, full).split(path.sep).join('/'));
    }
  };
  for (const root of roots) walk(path.join(ROOT, root));
  return out.sort();
}

// ---------------------------------------------------------------------------------------------
// Suites

const NODE_TEST_ROOTS = ['server', 'sdk', 'test'];
const isNodeTest = (name) => name.endsWith('.node.test.ts');
const nodeTestFiles = () => findFiles(NODE_TEST_ROOTS, isNodeTest);

async function browserTestFiles() {
  const { BROWSER_TEST_ROOTS, AFTER_BUILD_TESTS } = await import(pathToFileURL(path.join(ROOT, 'web-test-runner.config.js')).href);
  const later = new Set(AFTER_BUILD_TESTS.map((f) => path.join(ROOT, f)));
  return findFiles(BROWSER_TEST_ROOTS, (name) => name.endsWith('.test.ts') && !isNodeTest(name)).filter((f) => !later.has(path.resolve(ROOT, f)));
}

/** null when tsconfig.json matches at least one file, else the reason to skip `tsc`. */
async function typecheckSkipReason() {
  const { default: ts } = await import('typescript');
  const file = path.join(ROOT, 'tsconfig.json');
  const { config, error } = ts.readConfigFile(file, ts.sys.readFile);
  if (error) return null; // let tsc report it
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, ROOT, undefined, file);
  return parsed.fileNames.length === 0 ? 'no TypeScript files matched by tsconfig.json yet' : null;
}

/** Reason to (re)build before the size check, or null when dist/ is up to date. */
async function buildNeeded() {
  const { collectEntries, BROWSER_ENTRY } = await import(pathToFileURL(path.join(ROOT, 'rollup.config.js')).href);
  const { entries } = collectEntries();
  if (entries.length === 0) return null;
  if (process.env.CI) return 'CI';
  const outputs = [...entries.map((e) => e.output), BROWSER_ENTRY.output, 'dist/react.js', 'custom-elements.json', 'build/api/index.html'].map((o) => path.join(ROOT, o));
  if (outputs.some((o) => !existsSync(o))) return 'dist/ incomplete';
  const builtAt = Math.min(...outputs.map((o) => statSync(o).mtimeMs));
  const inputs = [
    ...findFiles(['src', 'sdk', 'components'], (n) => n.endsWith('.ts') || n.endsWith('.json') || n.endsWith('.css')),
    'package.json',
    'tsconfig.json',
    'tsconfig.build.json',
    'rollup.config.js',
    'custom-elements-manifest.config.mjs',
    'scripts/build.js',
    'scripts/frameworks.js',
    'typedoc.config.mjs',
  ];
  const changed = inputs.find((f) => existsSync(path.join(ROOT, f)) && statSync(path.join(ROOT, f)).mtimeMs > builtAt);
  return changed ? `${changed} changed since the last build` : null;
}

/**
 * @typedef {object} Suite
 * @property {string} name
 * @property {string} [group]          `--only`/`--skip` also match this
 * @property {string[] | (() => string[] | Promise<string[]>)} cmd  argv; cmd[0] is the executable
 * @property {string} [resultsFile]    test totals written by the suite (see `format`)
 * @property {'json'|'tap'|'junit'} [format]
 * @property {() => (string|null|false|undefined) | Promise<string|null|false|undefined>} [skip]  reason to skip
 * @property {string} [after]          name of a suite that must have succeeded first
 * @property {Record<string,string>} [env]
 * @property {string[]} [waits]      suites to wait for (to end, whatever their outcome) before starting:
 *                                    they write files this one reads (dist/, custom-elements.json)
 * @property {number} [weight]         seconds it takes on a quiet 2-core machine (the order to start in)
 */

/** @type {Suite[]} */
const SUITES = [
  {
    name: 'typecheck',
    weight: 20,
    group: 'lint',
    cmd: [node, bin('typescript', 'tsc'), '--noEmit', '-p', 'tsconfig.json'],
    skip: typecheckSkipReason,
  },
  { name: 'eslint', weight: 30, group: 'lint', cmd: [node, bin('eslint'), '.'] },
  { name: 'lit-analyzer', weight: 55, group: 'lint', cmd: [node, 'scripts/lit-analyze.js'] },
  { name: 'layers', weight: 1, group: 'lint', cmd: [node, 'scripts/check-layers.js'] },
  { name: 'format', weight: 50, group: 'lint', cmd: [node, bin('prettier'), '--check', '--log-level', 'warn', '**/*.{ts,js,mjs,cjs}'] },
  {
    name: 'build',
    weight: 35,
    group: 'size',
    cmd: [node, 'scripts/build.js', '--no-size'],
    skip: async () => ((await buildNeeded()) ? null : 'dist/ is up to date (or nothing to build)'),
  },
  { name: 'size', weight: 140, group: 'size', cmd: [node, 'scripts/size.js', '--check'], after: 'build' },
  {
    name: 'node',
    group: 'test',
    weight: 250,
    // The build writes what some node tests read: custom-elements.json (test/docs) and dist/
    // (test/e2e/on-demand-retry, which skips when dist/ is not built).
    waits: ['build'],
    cmd: () => [
      node,
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=2',
      // No test or suite may run over 5 minutes (the longest suite takes about 40 s). Not
      // --test-force-exit: it ends the run before the TAP file's totals are written.
      '--test-timeout=300000',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${RESULTS_DIR}/node.tap`,
      ...nodeTestFiles(),
    ],
    resultsFile: `${RESULTS_DIR}/node.tap`,
    format: 'tap',
    skip: () => (nodeTestFiles().length === 0 ? `no ${NODE_TEST_ROOTS.map((r) => `${r}/**/*.node.test.ts`).join(', ')} files` : null),
  },
  {
    name: 'browser',
    group: 'test',
    weight: 150,
    cmd: [node, bin('@web/test-runner', 'wtr')],
    resultsFile: `${RESULTS_DIR}/browser.json`,
    format: 'json',
    skip: async () => {
      let files;
      try {
        files = await browserTestFiles();
      } catch {
        return null; // config failed to load (e.g. no Chrome): run wtr so it reports the error
      }
      return files.length === 0 ? 'no browser *.test.ts files' : null;
    },
  },
  // The browser tests that read dist/ (AFTER_BUILD_TESTS in web-test-runner.config.js: the minified
  // build beside the source), once the build has written it. In the suite above they raced the
  // build, and lost on a loaded machine (dist/index.js not there yet).
  {
    name: 'browser-built',
    group: 'test',
    weight: 25,
    after: 'build',
    cmd: async () => [node, bin('@web/test-runner', 'wtr'), ...(await import(pathToFileURL(path.join(ROOT, 'web-test-runner.config.js')).href)).AFTER_BUILD_TESTS],
    env: { CHATDESK_BROWSER_RESULTS: `${RESULTS_DIR}/browser-built.json` },
    resultsFile: `${RESULTS_DIR}/browser-built.json`,
    format: 'json',
  },
];

/** node:test with TAP totals written to `.test-results/<name>.tap` (the spec reporter on stdout). */
const nodeTestCmd = (name, files) => [
  node,
  '--import',
  'tsx',
  '--test',
  '--test-concurrency=1',
  '--test-reporter=spec',
  '--test-reporter-destination=stdout',
  '--test-reporter=tap',
  `--test-reporter-destination=${RESULTS_DIR}/${name}.tap`,
  ...files,
];

/** Later suites (Storybook stories test, protocol conformance run, ...) go here. */
const EXTRA_SUITES = [
  // Interop (test/interop): `npm pack`, the tarball installed into small apps (plain HTML without a
  // bundler, React 19 with the JSX types, React 18 with the wrappers, Vue 3), each type-checked
  // (a deliberately wrong file must fail) and driven in Chromium. Svelte and Angular: `npm run
  // test:frameworks`.
  {
    name: 'interop',
    group: 'test',
    weight: 60,
    cmd: nodeTestCmd('interop', ['test/interop/interop.test.ts']),
    resultsFile: `${RESULTS_DIR}/interop.tap`,
    format: 'tap',
    after: 'build',
  },
  // Storybook: the static build (cem analyze + storybook build, Lit's development build so its
  // warnings show), then every story (light and dark) and docs page opened in Chromium
  // (scripts/test-stories.js).
  // It waits for the build: both write custom-elements.json (`cem analyze`).
  { name: 'storybook-build', group: 'stories', weight: 20, waits: ['build'], cmd: [node, 'scripts/test-stories.js', '--build-only'] },
  {
    name: 'stories',
    group: 'stories',
    weight: 180,
    cmd: [node, 'scripts/test-stories.js', '--docs'],
    resultsFile: `${RESULTS_DIR}/stories.json`,
    format: 'json',
    after: 'storybook-build',
  },
];

// ---------------------------------------------------------------------------------------------
// Result parsing

function parseResults(format, text) {
  if (format === 'json') {
    const data = JSON.parse(text);
    const failures = Array.isArray(data.failures)
      ? data.failures.map((f) => [f.file, f.test ?? f.name, f.error].filter(Boolean).join(' > '))
      : Array.isArray(data.stories)
        ? data.stories.filter((s) => s.ok === false).map((s) => [s.id, ...(s.reasons ?? [])].join(' > '))
        : [];
    return { passed: data.passed ?? 0, failed: data.failed ?? 0, skipped: data.skipped ?? 0, failures };
  }
  if (format === 'tap') {
    // node:test TAP footer: "# pass N", "# fail N", "# cancelled N", "# skipped N", "# todo N"
    const count = (key) => Number(new RegExp(`^# ${key} (\\d+)\\s*$`, 'm').exec(text)?.[1] ?? 0);
    // A failing test's TAP line is "not ok N - name" at any depth (its parent suites follow it).
    const failures = [...text.matchAll(/^ *not ok \d+ - (.*)$/gm)].map((m) => m[1]);
    return { failures, passed: count('pass'), failed: count('fail') + count('cancelled'), skipped: count('skipped') + count('todo') };
  }
  if (format === 'junit') {
    const cases = text.match(/<testcase\b[^>]*?(\/>|>[\s\S]*?<\/testcase>)/g) ?? [];
    let failed = 0;
    let skipped = 0;
    for (const c of cases) {
      if (/<(failure|error)\b/.test(c)) failed++;
      else if (/<skipped\b/.test(c)) skipped++;
    }
    return { passed: cases.length - failed - skipped, failed, skipped };
  }
  throw new Error(`unknown results format "${format}"`);
}

// ---------------------------------------------------------------------------------------------
// Runner

function parseArgs(argv) {
  const opts = { only: null, skip: [], list: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => (arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : (argv[++i] ?? ''));
    if (arg === '--list') opts.list = true;
    else if (arg.startsWith('--only')) opts.only = value().split(',').filter(Boolean);
    else if (arg.startsWith('--skip')) opts.skip.push(...value().split(',').filter(Boolean));
    else {
      console.error(`unknown argument: ${arg}`);
      process.exit(2);
    }
  }
  return opts;
}

const matches = (suite, names) => names.includes(suite.name) || (suite.group != null && names.includes(suite.group));

function banner(text) {
  console.log(`\n━━━ ${text} ${'━'.repeat(Math.max(3, 72 - text.length))}`);
}

/**
 * Runs one suite and fills its outcome. `captured`: its output is kept and printed in one piece
 * when it ends (it runs beside others); otherwise it streams to this terminal.
 */
async function runSuite(suite, outcome, byName, captured) {
  const started = Date.now();
  const dependency = suite.after ? byName.get(suite.after) : undefined;
  if (dependency && dependency.status === 'failed') {
    outcome.status = 'skipped';
    outcome.note = `not run: ${suite.after} failed`;
    banner(`${suite.name}: skipped (${outcome.note})`);
    return;
  }
  const skipReason = suite.skip ? await suite.skip() : null;
  if (skipReason) {
    outcome.status = 'skipped';
    outcome.note = skipReason;
    banner(`${suite.name}: skipped (${skipReason})`);
    return;
  }

  const argv = typeof suite.cmd === 'function' ? await suite.cmd() : suite.cmd;
  if (captured) console.log(`▶ ${suite.name} started (beside other suites; its output follows when it ends)`);
  else banner(suite.name);
  const resultsPath = suite.resultsFile ? path.join(ROOT, suite.resultsFile) : null;
  if (resultsPath) rmSync(resultsPath, { force: true });
  const { code, signal, error, output } = await new Promise((resolve) => {
    const chunks = [];
    const child = spawn(argv[0], argv.slice(1), { cwd: ROOT, stdio: captured ? ['ignore', 'pipe', 'pipe'] : 'inherit', env: { ...process.env, ...suite.env } });
    if (captured) for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => chunks.push(chunk));
    child.on('error', (err) => resolve({ code: 1, signal: null, error: err, output: Buffer.concat(chunks) }));
    child.on('close', (c, sig) => resolve({ code: c, signal: sig, error: null, output: Buffer.concat(chunks) }));
  });
  outcome.seconds = (Date.now() - started) / 1000;
  if (captured) {
    banner(`${suite.name} (${outcome.seconds.toFixed(1)}s)`);
    process.stdout.write(output);
  }
  const exitCode = code ?? 1;
  const how = error ? `could not start: ${error.message}` : signal ? `killed by ${signal}` : `exit ${exitCode}`;

  if (!resultsPath) {
    if (exitCode !== 0 || error) {
      outcome.status = 'failed';
      outcome.failed = 1;
      outcome.note = how;
    }
    return;
  }
  if (existsSync(resultsPath)) {
    try {
      Object.assign(outcome, parseResults(suite.format ?? 'json', readFileSync(resultsPath, 'utf8')));
    } catch (err) {
      outcome.note = `unreadable ${suite.resultsFile}: ${err.message}`;
    }
  } else {
    outcome.note = `no ${suite.resultsFile} written`;
  }
  if (exitCode !== 0 || error || outcome.failed > 0) {
    outcome.status = 'failed';
    if (outcome.failed === 0) {
      outcome.failed = 1; // crashed / infrastructure failure without a failing test
      outcome.note = [outcome.note, how].filter(Boolean).join('; ');
    }
  }
}

/**
 * Runs `list` with at most `jobs` at a time. A suite starts once the suites it waits for (`after`,
 * `waits`) have ended, when they are in the list. Of the suites ready to start, the one with the
 * longest chain (its `weight` plus the longest chain of the suites waiting for it) goes first.
 */
async function runConcurrent(list, jobs, runOne) {
  const names = new Set(list.map((s) => s.name));
  const needs = (s) => [s.after, ...(s.waits ?? [])].filter((n) => n && names.has(n));
  const chain = new Map();
  const chainOf = (s) => {
    if (!chain.has(s.name)) chain.set(s.name, (s.weight ?? 0) + Math.max(0, ...list.filter((o) => needs(o).includes(s.name)).map(chainOf)));
    return chain.get(s.name);
  };
  const pending = [...list].sort((a, b) => chainOf(b) - chainOf(a));
  const done = new Set();
  const running = new Map();
  while (pending.length > 0 || running.size > 0) {
    while (running.size < jobs) {
      const next = pending.findIndex((s) => needs(s).every((n) => done.has(n)));
      if (next < 0) break;
      const [suite] = pending.splice(next, 1);
      running.set(
        suite.name,
        runOne(suite).then(() => suite.name),
      );
    }
    if (running.size === 0) break;
    const finished = await Promise.race(running.values());
    running.delete(finished);
    done.add(finished);
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  let suites = [...SUITES, ...EXTRA_SUITES];
  if (opts.list) {
    for (const s of suites) console.log(`${s.name}${s.group ? ` (${s.group})` : ''}: ${Array.isArray(s.cmd) ? s.cmd.join(' ') : '<dynamic>'}`);
    return 0;
  }
  if (opts.only) suites = suites.filter((s) => matches(s, opts.only));
  suites = suites.filter((s) => !matches(s, opts.skip));
  if (suites.length === 0) {
    console.error('no suites selected');
    return 2;
  }

  mkdirSync(path.join(ROOT, RESULTS_DIR), { recursive: true });
  const outcomes = suites.map((suite) => ({ name: suite.name, status: 'passed', passed: 0, failed: 0, skipped: 0, note: '', seconds: 0 }));
  const byName = new Map(outcomes.map((o) => [o.name, o]));
  const run = (suite, captured) => runSuite(suite, byName.get(suite.name), byName, captured);

  // Every suite beside the others, `jobs` at a time (see the top of this file).
  const jobs = Math.max(1, Number(process.env.CHATDESK_TEST_JOBS) || Math.min(4, availableParallelism() + 1));
  const started = Date.now();
  if (suites.length > 1 && jobs > 1) await runConcurrent(suites, jobs, (suite) => run(suite, true));
  else for (const suite of suites) await run(suite, false);

  // Summary
  const total = outcomes.reduce((t, o) => ({ passed: t.passed + o.passed, failed: t.failed + o.failed, skipped: t.skipped + o.skipped }), { passed: 0, failed: 0, skipped: 0 });
  banner(`summary (${jobs} at a time, ${((Date.now() - started) / 1000).toFixed(1)}s in all)`);
  const width = Math.max(...outcomes.map((o) => o.name.length));
  for (const o of outcomes) {
    const mark = o.status === 'failed' ? '✖' : o.status === 'skipped' ? '-' : '✔';
    const counts = suites.find((s) => s.name === o.name)?.resultsFile && o.status !== 'skipped' ? ` ${o.passed} passed, ${o.failed} failed${o.skipped ? `, ${o.skipped} skipped` : ''}` : '';
    const time = o.status === 'skipped' ? '' : ` (${o.seconds.toFixed(1)}s)`;
    console.log(`${mark} ${o.name.padEnd(width)}  ${o.status.toUpperCase()}${counts}${time}${o.note ? ` - ${o.note}` : ''}`);
  }
  const failedSuites = outcomes.filter((o) => o.status === 'failed').map((o) => o.name);
  if (failedSuites.length) console.log(`\nFAILED suite(s): ${failedSuites.join(', ')}`);
  // The failing tests again, so that the end of a long log names them.
  for (const o of outcomes) {
    for (const failure of (o.failures ?? []).slice(0, 20)) console.log(`  ✖ ${o.name}: ${String(failure).replace(/\s+/g, ' ').slice(0, 400)}`);
  }
  console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
  return failedSuites.length || total.failed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error);
    console.log('0 passed, 1 failed');
    process.exitCode = 1;
  },
);
