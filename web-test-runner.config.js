// Browser tests (@web/test-runner in headless Chromium).
//
//   npm run test:browser            all browser tests but those that read dist/ (AFTER_BUILD_TESTS)
//   npx wtr src/minified.test.ts    one of those, after `npm run build`
//   npx wtr "components/**/x.test.ts" a subset (positional globs replace `files`)
//   npx wtr --watch                 watch mode
//
// Files: **/*.test.ts under sdk/, components/, src/, server/core/, server/demo-data/ except *.node.test.ts
// (those run under Node: see scripts/test.js). TypeScript goes through esbuild with
// tsconfig.json (experimentalDecorators, useDefineForClassFields: false) and `./x.js`
// imports resolve to `./x.ts`; JSON modules can be imported.
// Totals are written to .test-results/browser.json (CHATDESK_BROWSER_RESULTS) for scripts/test.js.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROME_ARGS, requireChrome } from './scripts/find-chrome.js';

/** Directories searched for browser tests (scripts/test.js imports this too). */
export const BROWSER_TEST_ROOTS = ['sdk', 'components', 'src', 'server/core', 'server/demo-data'];
export const BROWSER_RESULTS_FILE = process.env.CHATDESK_BROWSER_RESULTS ?? '.test-results/browser.json';
/**
 * Browser tests that read the build (`dist/`): left out of a plain run, which `scripts/test.js`
 * starts beside the build, and run after it as a suite of their own (`npx wtr <file>` runs one).
 */
export const AFTER_BUILD_TESTS = ['src/minified.test.ts'];

/** Writes { passed, failed, skipped, failures } after every run (keeps the default reporter's output). */
function totalsReporter(file = BROWSER_RESULTS_FILE) {
  let rootDir = process.cwd();
  const write = (sessions) => {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const failures = [];
    for (const session of sessions) {
      const testFile = path.relative(rootDir, session.testFile);
      let failedInSession = 0;
      const walk = (suite, trail) => {
        if (!suite) return;
        for (const test of suite.tests ?? []) {
          const name = [...trail, test.name].join(' > ');
          if (test.skipped) skipped++;
          else if (test.passed) passed++;
          else {
            failed++;
            failedInSession++;
            failures.push({ file: testFile, test: name, error: test.error?.message ?? 'failed' });
          }
        }
        for (const child of suite.suites ?? []) walk(child, [...trail, child.name]);
      };
      walk(session.testResults, []);
      // A file that failed without a failing test (did not load, threw after the tests,
      // timed out, browser crashed...) still counts as one failure.
      if (session.passed === false && failedInSession === 0) {
        failed++;
        failures.push({
          file: testFile,
          test: '(test file)',
          error: session.errors?.map((e) => e.message).join('\n') || `session ${session.status ?? 'failed'}`,
        });
      }
    }
    mkdirSync(path.dirname(path.resolve(rootDir, file)), { recursive: true });
    writeFileSync(path.resolve(rootDir, file), JSON.stringify({ passed, failed, skipped, files: sessions.length, failures }, null, 2) + '\n');
  };
  return {
    start({ config }) {
      rootDir = config.rootDir ?? rootDir;
    },
    onTestRunFinished({ sessions }) {
      write(sessions);
    },
  };
}

/**
 * `executeServerCommand('emulate-forced-colors', { active: true })`: Windows high-contrast
 * (forced colours) emulation for forced-colours tests. Puppeteer's emulateMediaFeatures refuses
 * `forced-colors`, so the DevTools protocol is used directly (one session per page, kept: the
 * emulation ends when its session detaches).
 */
function forcedColorsPlugin() {
  const sessions = new WeakMap();
  return {
    name: 'chatdesk-forced-colors',
    async executeCommand({ command, payload, session }) {
      if (command !== 'emulate-forced-colors') return undefined;
      const page = session.browser.getPage(session.id);
      let cdp = sessions.get(page);
      if (!cdp) sessions.set(page, (cdp = await page.createCDPSession()));
      const active = !!(payload && payload.active);
      await cdp.send('Emulation.setEmulatedMedia', { features: [{ name: 'forced-colors', value: active ? 'active' : 'none' }] });
      return true;
    },
  };
}

/**
 * `waitUntil` of @open-wc/testing gives up after 1 s unless a test names a timeout, and most calls
 * do not. On a loaded 2-core CI machine a render or a round trip through the in-process core can
 * take longer than that, and one such wait failed a whole run. Its default is raised to 5 s here
 * (a passing wait still returns as soon as its condition holds; mocha's 10 s per test stays the
 * bound). The build fails loudly if a new version of the helper no longer has the default.
 */
function waitUntilDefaultPlugin(timeout = 5000) {
  const marker = 'timeout = 1000';
  return {
    name: 'chatdesk-wait-until-default',
    transform(context) {
      if (!/@open-wc\/testing-helpers\/.*helpers\.js$/.test(context.path)) return undefined;
      if (!context.body.includes(marker)) throw new Error(`${context.path}: no "${marker}" to raise (the helper changed: update ${import.meta.url})`);
      return { body: context.body.replace(marker, `timeout = ${timeout}`) };
    },
  };
}

const ci = Boolean(process.env.CI);

/** @type {import('@web/test-runner').TestRunnerConfig} */
export default {
  rootDir: '.',
  files: [...BROWSER_TEST_ROOTS.map((root) => `${root}/**/*.test.ts`), '!**/*.node.test.ts', '!**/node_modules/**', ...AFTER_BUILD_TESTS.map((f) => `!${f}`)],
  nodeResolve: true,
  concurrency: 2,
  concurrentBrowsers: 1,
  browserStartTimeout: 60_000,
  testsStartTimeout: 60_000,
  // A file must finish within 5 min: dialog-list.test.ts took 85 s alone at load 15, and up to 186 s at load 30.
  testsFinishTimeout: 300_000,
  staticLogging: ci || !process.stdout.isTTY,
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: requireChrome(),
        headless: true,
        args: CHROME_ARGS,
      },
      // One browser context (= own window) per page: with concurrency 2 the pages would otherwise
      // be tabs of one window and the one in the background reports document.visibilityState
      // 'hidden'. Also keeps storage/cookies of concurrently running files apart.
      createPage: async ({ browser }) => (await browser.createBrowserContext()).newPage(),
    }),
  ],
  plugins: [esbuildPlugin({ ts: true, json: true, tsconfig: 'tsconfig.json', target: 'auto' }), forcedColorsPlugin(), waitUntilDefaultPlugin()],
  testFramework: {
    config: { ui: 'bdd', timeout: 10_000 },
  },
  // Some dependencies read `process.env.NODE_ENV` (nanostores), which
  // bundlers replace; in the unbundled test page it has to exist as a global.
  testRunnerHtml: (testFramework) => `<!doctype html>
<html>
  <head><meta charset="utf-8"></head>
  <body>
    <script>window.process = { env: { NODE_ENV: 'development' } };</script>
    <script type="module" src="${testFramework}"></script>
  </body>
</html>`,
  filterBrowserLogs: ({ args }) => !args.some((arg) => typeof arg === 'string' && arg.includes('Lit is in dev mode')),
  reporters: [defaultReporter(), totalsReporter()],
};
