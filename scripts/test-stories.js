#!/usr/bin/env node
// Every story is a test: opens each story of the static Storybook (storybook-static/) in headless
// Chromium and fails it on
//   - a render error, a play function that threw, an error while playing (Storybook's events);
//   - a console error, an uncaught exception, a Lit warning (the build made with --build uses
//     Lit's development build, see .storybook/main.ts), or a custom element left undefined;
//   - an axe violation of the WCAG 2.1 A/AA rules on the story (shadow DOM included);
//   - no content, or a story backend that outlived its story.
// Each story is checked in both themes: it opens in the theme the page is in, then the theme
// global is switched in place (so the second check sees what the play function left on screen). Play functions run as
// in the Storybook UI. Two pages run stories side by side; each loads Storybook's preview once
// and moves from story to story through its channel (as the UI does), reloading after a failure.
// The self-test stories (stories/support/selftest.stories.ts) each break one rule and must be
// caught, so a blind spot in this test fails it too.
//
//   node scripts/test-stories.js                         every story (after npm run build-storybook)
//   node scripts/test-stories.js --build                 `cem analyze` + `storybook build` first
//   node scripts/test-stories.js --build-only            only that (npm test's storybook-build suite)
//   node scripts/test-stories.js --only inbox            ids containing "inbox" (comma list)
//   node scripts/test-stories.js --themes light          one theme only
//   node scripts/test-stories.js --docs                  also open every docs page (render errors only)
//   node scripts/test-stories.js --screenshots /tmp/shots  a PNG per story and theme
//
// A story tagged `width:<px>` (e.g. `width:390`) is opened at that viewport width (800 px high)
// and its screenshot is always saved, in .test-results/screenshots/ unless --screenshots says
// where: the inbox at phone, tablet and desktop widths is looked at, not only checked.
// A story tagged `!test` is skipped. One line per story; totals go to .test-results/stories.json
// ({ passed, failed, skipped, stories }) for scripts/test.js, and the last line is
// `N passed, N failed[, N skipped]`. Exit code 1 when a story failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROME_ARGS, findChrome } from './find-chrome.js';
import { inspectRoot, recordChannel, settle } from './test-stories.page.js';
import { serve } from './test-stories.serve.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** The WCAG A/AA rules a theme can change: run again in every other theme. */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];
/** Storybook channel events the page records (storybook/internal/core-events). */
const EVENTS = ['storyRendered', 'storyFinished', 'storyErrored', 'storyThrewException', 'storyMissing', 'playFunctionThrewException', 'unhandledErrorsWhilePlaying', 'docsRendered'];
/** Console warnings that fail a story (besides every console error). */
const FAILING_WARNINGS = [
  // Lit's development build: update loops, shadowed class fields, ... (not the dev-mode notice)
  { test: (t) => /lit\.dev\/msg\//.test(t) && !/lit\.dev\/msg\/dev-mode/.test(t), why: 'Lit warning' },
  // A story's component missing from custom-elements.json: no controls, no docs table.
  { test: (t) => /Component not found in custom-elements\.json/.test(t), why: 'manifest' },
];

/**
 * Self-test stories (stories/support/selftest.stories.ts, tag `selftest`) each break one rule; the
 * tag `expect:<what>` says which, and the test passes only if that failure was caught.
 */
const SELFTEST_EXPECTATIONS = {
  'render-error': /storyThrewException|storyErrored/,
  'console-error': /console error: self-test/,
  'lit-warning': /Lit warning \(change-in-update\)/,
  axe: /axe button-name/,
  empty: /no content/,
  play: /playFunctionThrewException/,
  undefined: /not defined: <chatdesk-selftest-never-defined>/,
};

/** Turns a self-test story's result into pass (caught what it should) or fail. */
function judgeSelftest(entry, result) {
  const expected = (entry.tags ?? []).find((t) => t.startsWith('expect:'))?.slice('expect:'.length) ?? 'pass';
  if (expected === 'pass') return { ...result, selftest: expected };
  const pattern = SELFTEST_EXPECTATIONS[expected];
  const caught = pattern ? result.reasons.find((r) => pattern.test(r)) : undefined;
  return {
    ...result,
    selftest: expected,
    ok: !!caught,
    caught,
    reasons: caught
      ? []
      : [
          `self-test: expected the "${expected}" failure to be caught; got ${result.reasons.length ? result.reasons.join(' | ') : 'a pass'}${
            expected === 'lit-warning' ? " (a build with Lit's production build cannot show Lit's warnings: build with --build or CHATDESK_LIT_DEV=1)" : ''
          }`,
        ],
  };
}

// ------------------------------------------------------------------------------------------------
// Arguments

function parseArgs(argv) {
  const opts = {
    dir: 'storybook-static',
    results: '.test-results/stories.json',
    only: null,
    themes: ['light', 'dark'],
    docs: false,
    screenshots: null,
    build: false,
    buildOnly: false,
    concurrency: 2,
    timeout: 30_000,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => (arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : (argv[++i] ?? ''));
    if (arg.startsWith('--dir')) opts.dir = value();
    else if (arg.startsWith('--results')) opts.results = value();
    else if (arg.startsWith('--only')) opts.only = value().split(',').filter(Boolean);
    else if (arg.startsWith('--themes')) opts.themes = value().split(',').filter(Boolean);
    else if (arg === '--docs') opts.docs = true;
    else if (arg.startsWith('--screenshots')) opts.screenshots = value();
    else if (arg === '--build') opts.build = true;
    else if (arg === '--build-only') opts.build = opts.buildOnly = true;
    else if (arg.startsWith('--concurrency')) opts.concurrency = Math.max(1, Number(value()) || 1);
    else if (arg.startsWith('--timeout')) opts.timeout = Number(value()) || opts.timeout;
    else {
      console.error(`unknown argument: ${arg}`);
      process.exit(2);
    }
  }
  return opts;
}

// ------------------------------------------------------------------------------------------------
// One story

/** Runs axe (WCAG 2.1 A/AA rules) on the story root, shadow roots included. */
async function axeViolations(page, axeSource, coloursOnly) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ content: axeSource });
  const runOnly = coloursOnly ? { type: 'rule', values: COLOUR_RULES } : { type: 'tag', values: AXE_TAGS };
  const violations = await page.evaluate(async (runOnly) => {
    const result = await window.axe.run(document.querySelector('#storybook-root'), { runOnly, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target.flat().join(' >>> '), summary: n.failureSummary })),
      count: v.nodes.length,
    }));
  }, runOnly);
  return violations.map((v) => {
    const where = v.nodes.map((n) => n.target).join(' | ');
    return `axe ${v.id} (${v.impact}, ${v.count} node${v.count === 1 ? '' : 's'}): ${v.help} at ${where}${v.nodes[0]?.summary ? ` - ${oneLine(v.nodes[0].summary, 300)}` : ''}`;
  });
}

const FAILING_EVENTS = ['storyErrored', 'storyThrewException', 'storyMissing', 'playFunctionThrewException', 'unhandledErrorsWhilePlaying'];

/** Waits until `count` events among `names` were recorded after index `from`; false on timeout. */
async function waitForEvent(page, names, from, count, timeout) {
  return page
    .waitForFunction(
      ({ names, from, count }) => (window.__chatdeskStoryEvents ?? []).slice(from).filter((e) => names.includes(e.name)).length >= count,
      { names, from, count },
      { timeout, polling: 50 },
    )
    .then(
      () => true,
      () => false,
    );
}

const eventCount = (page) => page.evaluate(() => (window.__chatdeskStoryEvents ?? []).length);

/** Failures among the events recorded from index `from` on. */
async function eventFailures(page, from) {
  const events = (await page.evaluate(() => window.__chatdeskStoryEvents ?? [])).slice(from);
  const out = [];
  for (const e of events) {
    if (e.name === 'storyFinished' && e.status === 'error') out.push('story finished with status "error"');
    else if (FAILING_EVENTS.includes(e.name)) out.push(`${e.name}: ${oneLine(e.detail, 400)}`);
  }
  return out;
}

/** Checks the rendered story: defined elements, content, axe. */
async function checkRendered(page, axeSource, coloursOnly) {
  const reasons = [];
  const started = Date.now();
  await page.evaluate(settle);
  const settleMs = Date.now() - started;
  const shown = await page.evaluate(inspectRoot);
  if (shown.undefinedTags.length) reasons.push(`custom element(s) not defined: ${shown.undefinedTags.map((t) => `<${t}>`).join(', ')}`);
  if (shown.text === 0 && shown.media === 0) reasons.push('no content: the story root shows no text and no media');
  else if (shown.box === 0) reasons.push('no content: the story root has no size');
  const axeStarted = Date.now();
  if (!reasons.length) reasons.push(...(await axeViolations(page, axeSource, coloursOnly)));
  const axeMs = Date.now() - axeStarted;
  // .storybook/preview.ts disposes a story's backends when the story goes away: at most the
  // current story's default backend and its own may be alive.
  const live = await page.evaluate(() => (typeof window.__chatdeskLiveBackends === 'function' ? window.__chatdeskLiveBackends() : 0));
  if (live > 2) reasons.push(`${live} story backends alive: an earlier story's backend (and its timers) was not disposed`);
  return { reasons, timing: `settle ${settleMs} ms, axe ${axeMs} ms` };
}

/**
 * A browser page that runs stories one after the other. Storybook's preview is loaded once; each
 * next story is selected through its channel (as the Storybook UI does), which tears the previous
 * one down (its backend disposed). After a failure the page is reloaded, so one broken story
 * cannot spoil the next.
 */
async function openRunner(browser, base, opts, axeSource) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
  await context.addInitScript(recordChannel, EVENTS);
  const page = await context.newPage();
  /** Where console output and page errors go: the story being run. */
  let sink = null;
  page.on('console', (msg) => {
    if (!sink) return;
    const type = msg.type();
    const text = msg.text();
    if (type === 'error') sink.fail(`console error: ${oneLine(text)}${msg.location()?.url ? ` (${msg.location().url.replace(base, '')})` : ''}`);
    else if (type === 'warning') {
      const failing = FAILING_WARNINGS.find((w) => w.test(text));
      const code = /lit\.dev\/msg\/([\w-]+)/.exec(text)?.[1];
      if (failing) sink.fail(`${failing.why}${code ? ` (${code})` : ''}: ${oneLine(text)}`);
      else if (!/lit\.dev\/msg\/dev-mode/.test(text)) sink.note(`warning: ${oneLine(text)}`);
    }
  });
  page.on('pageerror', (error) => sink?.fail(`uncaught: ${oneLine(`${error.name}: ${error.message}`)}`));
  page.on('requestfailed', (req) => {
    const url = req.url();
    const why = req.failure()?.errorText ?? '';
    // ERR_ABORTED is the page cancelling a request itself (a lazy chunk still loading when the check moves on), not a failed answer.
    if (url.startsWith(base)) (why === 'net::ERR_ABORTED' ? sink?.note.bind(sink) : sink?.fail.bind(sink))?.(`request failed: ${url.slice(base.length)} (${why})`);
  });
  page.on('response', (res) => {
    if (res.url().startsWith(base) && res.status() >= 400) sink?.fail(`HTTP ${res.status()}: ${res.url().slice(base.length)}`);
  });

  let loaded = false;
  /** The theme the page is in (the toolbar global). */
  let pageTheme = 'light';

  /** Opens a story (or docs page) and waits for it to finish; returns the event index it started at. */
  async function open(entry, theme) {
    const docs = entry.type === 'docs';
    const viewMode = docs ? 'docs' : 'story';
    if (!loaded || docs || theme !== pageTheme) {
      const globals = theme === 'light' ? '' : `&globals=theme:${theme}`;
      await page.goto(`${base}/iframe.html?id=${encodeURIComponent(entry.id)}&viewMode=${viewMode}${globals}`, { waitUntil: 'load', timeout: opts.timeout * 2 });
      loaded = !docs;
      pageTheme = theme;
      return 0;
    }
    const from = await eventCount(page);
    await page.evaluate(({ storyId, viewMode }) => window.__STORYBOOK_ADDONS_CHANNEL__.emit('setCurrentStory', { storyId, viewMode }), { storyId: entry.id, viewMode });
    return from;
  }

  /** Switches the theme global; the story on screen re-renders. */
  async function switchTheme(theme) {
    const from = await eventCount(page);
    await page.evaluate((theme) => window.__STORYBOOK_ADDONS_CHANNEL__.emit('updateGlobals', { globals: { theme } }), theme);
    pageTheme = theme;
    return from;
  }

  /**
   * One story: opens it in the page's current theme, waits for it (play function included) to
   * finish and checks it; then switches the theme (the story re-renders with the same backend and
   * whatever its play function left on screen) and checks it again.
   */
  async function run(entry, onlyThemes) {
    const started = Date.now();
    const reasons = [];
    const notes = [];
    let phase = '';
    sink = { fail: (t) => reasons.push(`${phase}${t}`), note: (t) => notes.push(`${phase}${t}`) };
    const docs = entry.type === 'docs';
    // Start in the theme the page is in (no reload), then the others.
    const themes = docs ? ['light'] : [...(onlyThemes ?? opts.themes)].sort((a, b) => Number(b === pageTheme) - Number(a === pageTheme));
    const widthTag = (entry.tags ?? []).find((t) => /^width:\d+$/.test(t));
    const width = widthTag ? Number(widthTag.slice('width:'.length)) : 1280;
    if (page.viewportSize()?.width !== width) await page.setViewportSize({ width, height: 800 });
    const shotDir = opts.screenshots ?? (widthTag ? path.join(ROOT, '.test-results', 'screenshots') : null);
    const shot = async (theme) => {
      if (!shotDir) return;
      mkdirSync(shotDir, { recursive: true });
      await page.screenshot({ path: path.join(shotDir, `${entry.id}.${theme}.png`) });
    };
    try {
      for (const [i, theme] of themes.entries()) {
        if (themes.length > 1) phase = `[${theme}] `;
        const t0 = Date.now();
        const from = i === 0 ? await open(entry, theme) : await switchTheme(theme);
        const done = docs ? ['docsRendered', 'storyErrored', 'storyThrewException', 'storyMissing'] : ['storyFinished', 'storyMissing'];
        // A docs page renders every story of its component at once.
        const timeout = docs ? opts.timeout * 3 : opts.timeout;
        const finished = await waitForEvent(page, done, from, 1, timeout);
        if (!finished) sink.fail(`timed out after ${timeout} ms waiting for the ${docs ? 'docs page' : i === 0 ? 'story' : 're-render'} to finish`);
        const failures = await eventFailures(page, from);
        for (const f of failures) sink.fail(f);
        // Console errors and warnings do not stop the checks: one run reports everything.
        const rendered = finished && failures.length === 0;
        const t1 = Date.now();
        // Every WCAG A/AA rule in the first theme; in the next, the rules a theme can change.
        let timing = '';
        if (!docs && rendered) {
          const found = await checkRendered(page, axeSource, i > 0);
          timing = `, ${found.timing}`;
          for (const r of found.reasons) sink.fail(r);
        }
        // STORIES_TIMING=1: where the time goes, per story and theme.
        if (process.env['STORIES_TIMING']) sink.note(`render ${t1 - t0} ms${timing}`);
        await shot(theme);
        if (!rendered) break;
      }
    } catch (error) {
      sink.fail(`test error: ${oneLine(error instanceof Error ? error.message : String(error))}`);
    }
    sink = null;
    if (reasons.length || docs) loaded = false; // start the next story on a fresh page
    // Storybook also logs a render or play exception to the console: report it once.
    const eventTexts = reasons.filter((r) => !/(^|\] )console error: /.test(r)).map((r) => r.replace(/^(\[\w+\] )?\w+: /, ''));
    const shown = reasons.filter((r) => {
      const m = /^(?:\[\w+\] )?console error: (.{20,80})/.exec(r);
      return !m || !eventTexts.some((t) => t.includes(m[1].replace(/ \(\/assets\/.*$/, '').slice(0, 60)));
    });
    reasons.length = 0;
    reasons.push(...shown);
    return { id: entry.id, title: `${entry.title} / ${entry.name}`, type: entry.type, ok: reasons.length === 0, reasons: dedupe(reasons), notes: dedupe(notes), ms: Date.now() - started };
  }

  return {
    run,
    close: () => context.close().catch(() => undefined),
  };
}

const oneLine = (s, max = 240) => {
  // testing-library appends a dump of the whole document to its errors: keep the message.
  const t = String(s)
    .replace(/\s+/g, ' ')
    .replace(/ Ignored nodes: comments, script, style <html[\s\S]*$/, '')
    .trim();
  return t.length > max ? `${t.slice(0, max)}…` : t;
};
const dedupe = (list) => [...new Set(list)];

// ------------------------------------------------------------------------------------------------

function writeResults(file, data) {
  const full = path.resolve(ROOT, file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, JSON.stringify(data, null, 2) + '\n');
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const dir = path.resolve(ROOT, opts.dir);

  if (opts.build) {
    const bin = path.join(ROOT, 'node_modules', 'storybook', 'dist', 'bin', 'dispatcher.js');
    const cem = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/@custom-elements-manifest/analyzer/cem.js'), 'analyze', '--config', 'custom-elements-manifest.config.mjs'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (cem.status !== 0) throw new Error('cem analyze failed');
    const build = spawnSync(process.execPath, [bin, 'build', '--quiet', '--loglevel', 'warn', '-o', opts.dir], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, CHATDESK_LIT_DEV: '1' },
    });
    if (build.status !== 0) throw new Error('storybook build failed');
    console.log(`storybook build: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (opts.buildOnly) return 0;
  }

  const indexFile = path.join(dir, 'index.json');
  if (!existsSync(indexFile)) throw new Error(`${path.relative(ROOT, indexFile)} not found: run \`npm run build-storybook\` first (or pass --build)`);
  const index = JSON.parse(readFileSync(indexFile, 'utf8'));
  const entries = Object.values(index.entries ?? {}).filter((e) => e.type === 'story' || (opts.docs && e.type === 'docs'));
  const selected = entries.filter((e) => !opts.only || opts.only.some((s) => e.id.includes(s)));

  const jobs = [];
  const skipped = [];
  for (const entry of selected) {
    if ((entry.tags ?? []).includes('selftest')) {
      if (entry.type === 'story') jobs.push(entry);
      continue;
    }
    if (entry.type === 'story' && !(entry.tags ?? []).includes('test')) {
      skipped.push({ id: entry.id, reason: 'tagged !test' });
      continue;
    }
    jobs.push(entry);
  }

  const executablePath = findChrome() ?? '/usr/bin/chromium';
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROME_ARGS });
  const { server, base } = await serve(dir);
  const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

  const selftests = jobs.filter((e) => (e.tags ?? []).includes('selftest')).length;
  console.log(
    `stories: ${jobs.length} test(s): ${jobs.filter((e) => e.type === 'story').length - selftests} stories (themes ${opts.themes.join(', ')}), ${selftests} self-tests${opts.docs ? `, ${jobs.filter((e) => e.type === 'docs').length} docs pages` : ''}; ${base}, ${opts.concurrency} page(s) at a time`,
  );
  const results = [];
  let next = 0;
  const worker = async () => {
    const runner = await openRunner(browser, base, opts, axeSource);
    try {
      while (next < jobs.length) {
        const entry = jobs[next++];
        const selftest = (entry.tags ?? []).includes('selftest');
        const raw = await runner.run(entry, selftest ? ['light'] : undefined);
        const r = selftest ? judgeSelftest(entry, raw) : raw;
        results.push(r);
        const label = `${r.type === 'docs' ? 'docs page ' : selftest ? 'self-test ' : ''}${r.id}`;
        if (r.ok) console.log(`✔ ${label}${r.caught ? ` caught: ${oneLine(r.caught, 120)}` : ''} (${r.ms} ms)`);
        else {
          console.log(`✖ ${label} (${r.ms} ms)`);
          for (const reason of r.reasons) console.log(`    - ${reason}`);
        }
        for (const note of r.notes) console.log(`    · ${note}`);
      }
    } finally {
      await runner.close();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(opts.concurrency, jobs.length || 1) }, worker));
  } finally {
    await browser.close().catch(() => undefined);
    server.close();
  }

  for (const s of skipped) console.log(`- ${s.id} skipped (${s.reason})`);
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  if (jobs.length === 0 && !opts.only) {
    console.log('no stories found in the build');
  }
  writeResults(opts.results, {
    passed,
    failed: failed + (jobs.length === 0 && !opts.only ? 1 : 0),
    skipped: skipped.length,
    seconds: (Date.now() - started) / 1000,
    stories: results.sort((a, b) => a.id.localeCompare(b.id)),
  });
  console.log(`stories: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed + (jobs.length === 0 && !opts.only ? 1 : 0)} failed${skipped.length ? `, ${skipped.length} skipped` : ''}`);
  return failed > 0 || (jobs.length === 0 && !opts.only) ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    try {
      writeResults(parseArgs(process.argv.slice(2)).results, { passed: 0, failed: 1, skipped: 0, error: String(error) });
    } catch {
      // nothing more to report
    }
    console.log('0 passed, 1 failed');
    process.exitCode = 1;
  },
);
