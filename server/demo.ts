/**
 * The demo pages `npm start` serves: the operator inbox (`/`), the sign-in page (`/sign-in`),
 * the visitor page (`/visitor`), one chat in an order card (`/embed?dialog=<id>`), and the CRM cards
 * (`/order-card?order=<id>`: C1, C2; `/client-card?client=<id>`: H5), bundled from `demo/*.ts` with esbuild at start (in memory).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Hono } from 'hono';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEMO = path.join(ROOT, 'demo');

/** Built files by URL path (`/demo/inbox.js`...). */
export type DemoAssets = Map<string, { type: string; body: Uint8Array }>;

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

/** Bundles the demo pages. */
export async function buildDemo(options: { minify?: boolean } = {}): Promise<DemoAssets> {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { inbox: 'demo/inbox.ts', 'sign-in': 'demo/sign-in.ts', visitor: 'demo/visitor.ts', embed: 'demo/embed.ts', cards: 'demo/cards.ts' },
    bundle: true,
    splitting: true,
    format: 'esm',
    target: 'es2022',
    outdir: 'demo-build',
    write: false,
    sourcemap: 'linked',
    minify: options.minify ?? false,
    logLevel: 'silent',
    tsconfig: path.join(ROOT, 'tsconfig.json'),
  });
  const assets: DemoAssets = new Map();
  for (const f of result.outputFiles) {
    const name = path.relative(path.join(ROOT, 'demo-build'), f.path).split(path.sep).join('/');
    assets.set(`/demo/${name}`, { type: TYPES[path.extname(name)] ?? 'application/octet-stream', body: f.contents });
  }
  assets.set('/demo/demo.css', { type: TYPES['.css']!, body: await readFile(path.join(DEMO, 'demo.css')) });
  return assets;
}

const PAGES: Record<string, string> = {
  '/': 'index.html',
  '/sign-in': 'sign-in.html',
  '/visitor': 'visitor.html',
  '/embed': 'embed.html',
  '/order-card': 'order-card.html',
  '/client-card': 'client-card.html',
};

const CSP = [
  "default-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'self'",
].join('; ');

/** Serves the pages and their assets (a bundle still being built is waited for). */
export function mountDemo(app: Hono, built: DemoAssets | Promise<DemoAssets>): void {
  for (const [route, file] of Object.entries(PAGES)) {
    app.get(route, async (c) => {
      const html = await readFile(path.join(DEMO, file));
      return c.body(html, 200, { 'content-type': TYPES['.html']!, 'content-security-policy': CSP, 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' });
    });
  }
  app.get('/demo/*', async (c) => {
    const asset = (await built).get(c.req.path);
    if (!asset) return c.text('Not found', 404);
    return c.body(asset.body as Uint8Array<ArrayBuffer>, 200, { 'content-type': asset.type, 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' });
  });
  app.get('/favicon.ico', (c) => c.body(null, 204));
}
