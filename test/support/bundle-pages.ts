/**
 * Pages that run what `npm run build` wrote, for the on-demand e2e tests (issue 17): a consumer's
 * bundle of one `dist/define/*` module (esbuild, code splitting, as an app bundles it) and
 * `dist/browser/chatdesk.js` as it is on a static page, both starting `backend` (a module exporting
 * `start(createChatClient)`), served from a loopback server, with a Chromium to open them.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
// @ts-expect-error -- plain JS helper without types
import { findChrome } from '../../scripts/find-chrome.js';

/** The repository's root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.html': 'text/html', '.map': 'application/json' };

/** Why the tests on `define` (e.g. 'dist/define/dialog-list.js') skip here, or false when they can run. */
export function bundlePagesSkip(define: string): string | false {
  if (!(findChrome as () => string | null)()) return 'no Chrome/Chromium found';
  if (!existsSync(path.join(ROOT, define)) || !existsSync(path.join(ROOT, 'dist/browser/chatdesk.js'))) return 'dist/ not built (npm run build)';
  return false;
}

/** The served pages: `${base}/consumer.html` and `${base}/browser.html`. */
export interface BundlePages {
  base: string;
  browser: Browser;
  /**
   * Whether this browser keeps a module whose download failed in its module map, so that the next
   * `import()` of its address fails at once without a request (Chromium 150 from Debian does;
   * Chromium 156 requests it again). Found by trying, once per run.
   */
  keepsFailedImports: boolean;
  close(): Promise<void>;
}

/**
 * The requests of an on-demand chunk whose first request failed, once Retry has loaded it:
 * `fails` `once` (only the first request fails) or `kept` (every request of its own address fails).
 * The loader tries the plain `import()` again first, then the address with `?retry=1` when that
 * fails; a browser that keeps the failure makes no request for the plain one.
 */
export function retriedRequests(first: string, fails: 'once' | 'kept', keepsFailedImports: boolean): string[] {
  if (keepsFailedImports) return [first, `${first}?retry=1`];
  return fails === 'once' ? [first, first] : [first, first, `${first}?retry=1`];
}

/** Imports a module whose first download fails, then imports it again: was it requested again? */
async function probeKeepsFailedImports(browser: Browser, base: string): Promise<boolean> {
  const page = await browser.newPage();
  try {
    let requests = 0;
    await page.route('**/failed-import-probe.js', async (route) => {
      if (++requests === 1) await route.abort('internetdisconnected');
      else await route.fulfill({ contentType: 'text/javascript', body: 'export const ok = true;' });
    });
    await page.route('**/probe-page.html', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>probe</title>' }));
    await page.goto(`${base}/probe-page.html`); // only its origin matters
    const second = await page.evaluate(async (url) => {
      await import(url).catch(() => undefined);
      return import(url).then(
        () => 'loaded',
        () => 'failed',
      );
    }, `${base}/failed-import-probe.js`);
    if (second === 'loaded' && requests === 2) return false;
    if (second === 'failed' && requests === 1) return true;
    throw new Error(`a failed import() tried again: ${second} after ${requests} requests`);
  } finally {
    await page.close();
  }
}

/** Builds and serves both pages in a temp folder (removed by `close`). */
export async function startBundlePages(name: string, define: string, backend: string): Promise<BundlePages> {
  const dir = mkdtempSync(path.join(tmpdir(), `chatdesk-${name}-`));
  let server: Server | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    writeFileSync(path.join(dir, 'backend.js'), backend);
    // A consumer's bundle of dist/ (split: the on-demand parts become chunks of its own).
    writeFileSync(
      path.join(dir, 'consumer.js'),
      `import ${JSON.stringify(path.join(ROOT, define))};
import { createChatClient } from ${JSON.stringify(path.join(ROOT, 'dist/sdk.js'))};
import { start } from './backend.js';
start(createChatClient);`,
    );
    const common = { absWorkingDir: ROOT, bundle: true, format: 'esm', target: 'es2022', platform: 'browser', logLevel: 'silent', define: { 'process.env.NODE_ENV': '"production"' } } as const;
    await build({ ...common, entryPoints: { consumer: path.join(dir, 'consumer.js') }, splitting: true, outdir: path.join(dir, 'out') });
    // The backend alone, for the page that loads the browser build as it is.
    await build({ ...common, entryPoints: { backend: path.join(dir, 'backend.js') }, outdir: path.join(dir, 'out') });
    writeFileSync(path.join(dir, 'out/consumer.html'), '<!doctype html><html lang="en"><body><script type="module" src="./consumer.js"></script></body></html>');
    writeFileSync(
      path.join(dir, 'out/browser.html'),
      `<!doctype html><html lang="en"><body><script type="module">
import { createChatClient } from './browser/chatdesk.js';
import { start } from './backend.js';
start(createChatClient);
</script></body></html>`,
    );
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const file = url.pathname.startsWith('/browser/') ? path.join(ROOT, 'dist', url.pathname) : path.join(dir, 'out', url.pathname);
      if (!file.startsWith(ROOT) && !file.startsWith(dir)) return void res.writeHead(403).end();
      if (!existsSync(file)) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' }).end(readFileSync(file));
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: (findChrome as () => string)(), args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--no-first-run'] });
    return { base, browser, keepsFailedImports: await probeKeepsFailedImports(browser, base), close };
  } catch (e) {
    await close();
    throw e;
  }
}
