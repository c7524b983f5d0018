/**
 * The interop suite (`npm test`'s `interop`, issue 16): the package as a developer gets it.
 *
 * Packs the repository (`npm pack`, after `npm run build`), installs the tarball into the small
 * apps in `test/interop/apps/` (each with its own package.json and lockfile; the tarball comes
 * from a path), type-checks each app (its deliberately wrong file must fail on exactly the lines
 * marked WRONG), builds it, and drives it in Chromium against the reference server: renders,
 * an attribute, a rich property, a slot, and `dialog-select`, `message-send`, `tag-filter-change`
 * received with the framework's own syntax.
 *
 *   node --import tsx --test test/interop/interop.test.ts          html, react19, react18, vue
 *   INTEROP_APPS=svelte,angular node --import tsx --test ...       (npm run test:frameworks)
 *   node --import tsx test/interop/update-locks.ts                 after chatdesk's dependencies change
 *
 * Writes `.test-results/interop.json`: the framework table, installed sizes and timings.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
// @ts-expect-error -- plain JS helper without types
import { CHROME_ARGS, findChrome } from '../../scripts/find-chrome.js';
import { SEED_IDS } from '../../server/demo-data/seed.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { APPS, ROOT, packPackage, installApp, typecheckApp, buildApp, type AppSpec, type BuildInfo, type PackInfo } from './support.js';

const chrome = (findChrome as () => string | null)();
const selected = (process.env['INTEROP_APPS'] ?? 'html,react19,react18,vue').split(',').filter(Boolean);
const apps = selected.map((name) => {
  const app = APPS.find((a) => a.name === name);
  if (!app) throw new Error(`unknown interop app "${name}" (known: ${APPS.map((a) => a.name).join(', ')})`);
  return app;
});

/** The framework table: app -> column -> passed. */
const COLUMNS = ['renders', 'attributes', 'properties', 'slots', 'events', 'types'] as const;
type Column = (typeof COLUMNS)[number];
const table = new Map<string, Partial<Record<Column, boolean>>>();
const sizes = new Map<string, BuildInfo>();
const seconds = new Map<string, Record<string, number>>();
const started = Date.now();

function mark(app: AppSpec, column: Column, ok: boolean): void {
  const row = table.get(app.label) ?? {};
  row[column] = (row[column] ?? true) && ok;
  table.set(app.label, row);
}
function timed(app: AppSpec, step: string, since: number): void {
  const row = seconds.get(app.name) ?? {};
  row[step] = Math.round((Date.now() - since) / 100) / 10;
  seconds.set(app.name, row);
}

/** Runs `fn` as a check of `column`, recording pass or fail in the table. */
async function check(app: AppSpec, column: Column, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
    mark(app, column, true);
  } catch (error) {
    mark(app, column, false);
    throw error;
  }
}

/** A static file server over test/interop/apps (each app's index.html, its dist/ and node_modules/). */
function serveApps(): Promise<{ server: Server; origin: string }> {
  const root = path.join(ROOT, 'test/interop/apps');
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.map': 'application/json', '.json': 'application/json' };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root) || !existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as { port: number }).port}` })));
}

describe('interop: the packed package in framework apps', { skip: chrome ? false : 'no Chrome/Chromium found' }, () => {
  let pack: PackInfo;
  let backend: TestServer;
  let token = '';
  let statics: { server: Server; origin: string };
  let browser: Browser;

  before(async () => {
    const t = Date.now();
    pack = packPackage();
    console.log(`packed ${path.relative(ROOT, pack.tarball)}: ${(pack.size / 1024).toFixed(0)} KB, ${pack.files.length} files (${((Date.now() - t) / 1000).toFixed(1)} s)`);
    backend = await startTestServer({ faults: false, delayFactor: 0.02 });
    token = await backend.tokenFor(SEED_IDS.admin);
    statics = await serveApps();
    browser = await chromium.launch({ executablePath: chrome!, args: CHROME_ARGS });
  });

  after(async () => {
    await browser?.close();
    statics?.server.close();
    await backend?.dispose();
    const report = {
      seconds: Math.round((Date.now() - started) / 1000),
      table: Object.fromEntries(table),
      sizes: Object.fromEntries(sizes),
      steps: Object.fromEntries(seconds),
      tarball: pack ? { size: pack.size, unpackedSize: pack.unpackedSize, files: pack.files.length } : null,
    };
    mkdirSync(path.join(ROOT, '.test-results'), { recursive: true });
    const name = selected.join('-') === 'html-react19-react18-vue' ? 'interop.json' : `interop-${selected.join('-')}.json`;
    writeFileSync(path.join(ROOT, '.test-results', name), JSON.stringify(report, null, 2) + '\n');
    const yes = (v: boolean | undefined) => (v === undefined ? '-' : v ? 'yes' : 'NO');
    console.log(`\n${['framework', ...COLUMNS].join(' | ')}`);
    for (const [label, row] of table) console.log([label, ...COLUMNS.map((c) => yes(row[c]))].join(' | '));
    console.log("\nchatdesk in each app (bytes of chatdesk and its dependencies in the app's bundle, minified; gzip):");
    for (const [name, s] of sizes) console.log(`${name}: ${s.chatdeskBytes} B (${s.chatdeskGzip} B gzip) of ${s.bundleBytes} B; node_modules/chatdesk ${s.installedKB} KB`);
    console.log(`interop: ${report.seconds} s (${JSON.stringify(report.steps)})`);
  });

  test('the tarball ships what package.json and the manifest name, and no test-only typings', () => {
    const files = new Set(pack.files);
    for (const required of ['LICENSE', 'README.md', 'package.json', 'custom-elements.json', 'dist/browser/chatdesk.js', 'dist/react.js']) assert.ok(files.has(required), `${required} is packed`);
    const offending = pack.files.filter((f) => /\.test-helpers\.d\.ts$|test-fixtures\.d\.ts$|^dist\/types\/server\/|\.test\.d\.ts$/.test(f));
    assert.deepEqual(offending, [], 'no test-only typings');
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, string | Record<string, string>> };
    for (const [key, target] of Object.entries(pkg.exports)) {
      for (const file of typeof target === 'string' ? [target] : Object.values(target)) {
        if (file.includes('*')) {
          const [pre, post] = file.slice(2).split('*') as [string, string];
          assert.ok(
            pack.files.some((f) => f.startsWith(pre) && f.endsWith(post)),
            `export ${key} (${file}) matches packed files`,
          );
        } else assert.ok(files.has(file.slice(2)), `export ${key} -> ${file} is packed`);
      }
    }
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'custom-elements.json'), 'utf8')) as { modules: { path: string; exports?: { kind: string; name: string }[] }[] };
    for (const mod of manifest.modules) assert.ok(files.has(mod.path), `manifest module ${mod.path} is packed`);
    const tags = manifest.modules.flatMap((m) => (m.exports ?? []).filter((e) => e.kind === 'custom-element-definition').map((e) => e.name));
    assert.ok(!tags.includes('tag'), 'no bogus "tag" definition');
    assert.ok(tags.includes('tag-filter') && tags.includes('chat-window') && tags.includes('dialog-list'));
  });

  for (const app of apps) {
    describe(app.label, () => {
      let page: Page;
      const problems: string[] = [];
      let typeResult: { ok: boolean; message: string } = { ok: false, message: 'not run' };

      before(async () => {
        let t = Date.now();
        installApp(app, pack);
        timed(app, 'install', t);
        t = Date.now();
        typeResult = typecheckApp(app);
        timed(app, 'types', t);
        t = Date.now();
        sizes.set(app.name, await buildApp(app));
        timed(app, 'build', t);
        t = Date.now();
        page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        page.on('console', (m) => {
          if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
        });
        page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
        const query = new URLSearchParams({ endpoint: `${backend.url}/api/v1`, token });
        await page.goto(`${statics.origin}/${app.name}/index.html?${query}`);
        timed(app, 'load', t);
      });

      after(() => page?.close());

      test(`${app.label}: types: the app type-checks, and its wrong file fails on exactly the lines marked WRONG`, () => check(app, 'types', async () => assert.ok(typeResult.ok, typeResult.message)));

      test(`${app.label}: renders the inbox (list rows, tag options, chat window, client block)`, () =>
        check(app, 'renders', async () => {
          await page.locator('dialog-list [role="option"]').first().waitFor();
          await page.locator('tag-filter [role="option"]').first().waitFor();
          await page.locator('chat-window [part~="window"], chat-window [part~="empty"]').first().waitFor();
          await page.locator('client-widget [part~="section"], client-widget section').first().waitFor();
          const defined = await page.evaluate(() => ['chat-provider', 'dialog-list', 'chat-window', 'tag-filter', 'client-widget'].every((t) => !!customElements.get(t)));
          assert.ok(defined, 'every tag is defined');
        }));

      test(`${app.label}: attributes: locale="es" and page-size reach the element`, () =>
        check(app, 'attributes', async () => {
          const heading = page.locator('tag-filter [part="heading"]');
          await assert.doesNotReject(heading.filter({ hasText: 'Etiquetas' }).waitFor());
          const state = await page.locator('tag-filter').evaluate((el: HTMLElementTagNameMap['tag-filter']) => ({
            locale: el.locale,
            pageSize: el.pageSize,
            options: el.shadowRoot!.querySelectorAll('[role="option"]').length,
          }));
          assert.deepEqual(state, { locale: 'es', pageSize: 3, options: 3 });
          assert.equal(await page.locator('client-widget').evaluate((el: HTMLElementTagNameMap['client-widget']) => el.dialogId), 'dlg-0002');
        }));

      test(`${app.label}: properties: a rich value (an object) is set as a property`, () =>
        check(app, 'properties', async () => {
          const state = await page.locator('tag-filter').evaluate((el: HTMLElementTagNameMap['tag-filter']) => ({
            value: el.value,
            attribute: el.getAttribute('value'),
            selected: [...el.shadowRoot!.querySelectorAll('[role="option"][aria-selected="true"]')].map((o) => (o as HTMLElement).dataset['id']),
          }));
          assert.deepEqual(state, { value: { mode: 'list', tags: ['tag-vip'], pinned: false }, attribute: null, selected: ['tag-vip'] });
        }));

      test(`${app.label}: slots: markup rendered by the framework into a named slot shows as a client-block section`, () =>
        check(app, 'slots', async () => {
          const slotted = page.locator('client-widget > [slot="widget:crm-notes"]');
          await slotted.waitFor();
          const info = await slotted.evaluate((el) => ({ slot: el.assignedSlot?.name ?? null, text: el.textContent?.trim(), visible: el.checkVisibility() }));
          assert.deepEqual(info, { slot: 'widget:crm-notes', text: `Rendered by ${app.label}`, visible: true });
          await page.locator('client-widget').getByText('CRM notes').first().waitFor();
        }));

      test(`${app.label}: events: dialog-select, message-send and tag-filter-change reach the app's handlers`, () =>
        check(app, 'events', async () => {
          // dialog-select: a click on a row.
          const row = page.locator(`dialog-list [role="option"][data-id="${SEED_IDS.freshWaitingDialog}"]`);
          await row.scrollIntoViewIfNeeded();
          await row.click();
          await page.locator('#selected', { hasText: SEED_IDS.freshWaitingDialog }).waitFor();

          // message-send: the chat window follows the list; type and press Enter.
          const text = `Hello from ${app.label} ${Date.now()}`;
          const input = page.locator('chat-window [part~="input"]');
          await input.waitFor();
          await input.fill(text);
          await input.press('Enter');
          await page.locator('#sent', { hasText: `${SEED_IDS.freshWaitingDialog}:` }).waitFor();
          await page.locator('chat-window [part~="text"]', { hasText: text }).first().waitFor();

          // tag-filter-change: pick a second tag; the app's state (and the value it binds back) follow.
          const other = page.locator('tag-filter [role="option"][aria-selected="false"]').first();
          const id = await other.getAttribute('data-id');
          assert.ok(id);
          await other.click();
          await page.locator('#tags', { hasText: `tag-vip,${id}` }).waitFor();
          const value = await page.locator('tag-filter').evaluate((el: HTMLElementTagNameMap['tag-filter']) => el.value.tags);
          assert.deepEqual(value, ['tag-vip', id]);
        }));

      test(`${app.label}: no console error or uncaught exception`, () => {
        assert.deepEqual(problems, []);
      });
    });
  }

  test('every app installed the tarball packed in this run', () => {
    const digest = createHash('sha256')
      .update(readFileSync(path.join(ROOT, 'dist/index.js')))
      .digest('hex');
    for (const app of apps) {
      const installed = path.join(ROOT, 'test/interop/apps', app.name, 'node_modules/chatdesk/dist/index.js');
      assert.equal(createHash('sha256').update(readFileSync(installed)).digest('hex'), digest, `${app.name} has this build`);
    }
  });
});
