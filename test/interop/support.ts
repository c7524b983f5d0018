/**
 * What the interop suite does to each app in test/interop/apps: pack, install, type-check,
 * build. Each app keeps its own package.json and lockfile; `chatdesk` is
 * `file:../../.pack/chatdesk.tgz`, the tarball `npm pack` makes in this run (the lockfiles carry
 * no integrity for it, so `npm ci` takes the new one; the suite checks that it did).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, transform, type Metafile, type Plugin } from 'esbuild';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const INTEROP = path.join(ROOT, 'test/interop');
export const PACK_DIR = path.join(INTEROP, '.pack');
export const TARBALL = path.join(PACK_DIR, 'chatdesk.tgz');
const require = createRequire(import.meta.url);
const TSC = require.resolve('typescript/bin/tsc');

/** One app: how it is type-checked and built. */
export interface AppSpec {
  /** Folder under test/interop/apps. */
  name: string;
  /** Framework and version, as shown in the table. */
  label: string;
  /** The type check: argv (run in the app's folder); must report errors only on WRONG lines. */
  typecheck: (dir: string) => string[];
  /** Files whose lines marked WRONG must fail the type check. */
  wrong: string[];
  /** How the app is built: `esbuild` bundles src/main.*; `none`: the page loads the browser build. */
  build: 'esbuild' | 'esbuild-vue' | 'none';
  /** Entry of the esbuild bundle. */
  entry?: string;
}

const tsc =
  (project = 'tsconfig.json') =>
  () => [process.execPath, TSC, '-p', project];

export const APPS: AppSpec[] = [
  { name: 'html', label: 'Plain HTML', typecheck: tsc(), wrong: ['wrong.js'], build: 'none' },
  { name: 'react19', label: 'React 19', typecheck: tsc(), wrong: ['src/wrong.tsx'], build: 'esbuild', entry: 'src/main.tsx' },
  { name: 'react18', label: 'React 18', typecheck: tsc(), wrong: ['src/wrong.tsx'], build: 'esbuild', entry: 'src/main.tsx' },
  {
    name: 'vue',
    label: 'Vue 3',
    typecheck: (dir) => [process.execPath, path.join(dir, 'node_modules/vue-tsc/bin/vue-tsc.js'), '-p', 'tsconfig.json'],
    wrong: ['src/Wrong.vue'],
    build: 'esbuild-vue',
    entry: 'src/main.ts',
  },
  {
    name: 'svelte',
    label: 'Svelte 5',
    typecheck: (dir) => [process.execPath, path.join(dir, 'node_modules/svelte-check/bin/svelte-check'), '--tsconfig', './tsconfig.json', '--output', 'machine', '--threshold', 'error'],
    wrong: ['src/Wrong.svelte'],
    build: 'esbuild',
    entry: 'src/main.ts',
  },
  {
    name: 'angular',
    label: 'Angular 21',
    typecheck: (dir) => [process.execPath, path.join(dir, 'node_modules/@angular/compiler-cli/bundles/src/bin/ngc.js'), '-p', 'tsconfig.json'],
    wrong: ['src/wrong.component.ts'],
    build: 'esbuild',
    entry: 'out-tsc/main.js',
  },
];

function run(argv: string[], cwd: string, env: Record<string, string> = {}): { status: number; output: string } {
  const r = spawnSync(argv[0]!, argv.slice(1), { cwd, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status ?? 1, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The packed tarball and its file list. */
export interface PackInfo {
  tarball: string;
  size: number;
  unpackedSize: number;
  files: string[];
}

/** `npm pack` of the repository (dist/ must be built) into test/interop/.pack/chatdesk.tgz. */
export function packPackage(): PackInfo {
  for (const f of ['dist/index.js', 'dist/browser/chatdesk.js', 'dist/react.js', 'custom-elements.json']) {
    if (!existsSync(path.join(ROOT, f))) throw new Error(`${f} is missing: run \`npm run build\` first`);
  }
  rmSync(PACK_DIR, { recursive: true, force: true });
  mkdirSync(PACK_DIR, { recursive: true });
  const r = run([npm, 'pack', '--json', '--ignore-scripts', '--pack-destination', PACK_DIR], ROOT);
  if (r.status !== 0) throw new Error(`npm pack failed:\n${r.output}`);
  const info = JSON.parse(r.output.slice(r.output.indexOf('['))) as { filename: string; size: number; unpackedSize: number; files: { path: string }[] }[];
  const first = info[0]!;
  renameSync(path.join(PACK_DIR, first.filename), TARBALL);
  return { tarball: TARBALL, size: first.size, unpackedSize: first.unpackedSize, files: first.files.map((f) => f.path) };
}

/** `npm ci` from the app's lockfile; fails if the lockfile pins the tarball's integrity (it would install a stale copy). */
export function installApp(app: AppSpec, _pack: PackInfo): void {
  const dir = path.join(INTEROP, 'apps', app.name);
  const lock = JSON.parse(readFileSync(path.join(dir, 'package-lock.json'), 'utf8')) as { packages: Record<string, { integrity?: string; resolved?: string }> };
  const entry = lock.packages['node_modules/chatdesk'];
  if (!entry || entry.resolved !== 'file:../../.pack/chatdesk.tgz') throw new Error(`${app.name}/package-lock.json: chatdesk must resolve to file:../../.pack/chatdesk.tgz`);
  if (entry.integrity) throw new Error(`${app.name}/package-lock.json pins chatdesk's integrity: run \`node --import tsx test/interop/update-locks.ts\``);
  const r = run([npm, 'ci', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], dir);
  if (r.status !== 0) throw new Error(`npm ci in ${app.name} failed:\n${r.output}`);
}

/** Lines marked WRONG in a file (1-based). */
function wrongLines(file: string): number[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, i) => (/\bWRONG\b/.test(line) && !/every line marked WRONG/.test(line) ? [i + 1] : []));
}

/**
 * Type-checks the app: the right files must pass, and each wrong file must fail on every line
 * marked WRONG and nowhere else.
 */
export function typecheckApp(app: AppSpec): { ok: boolean; message: string } {
  const dir = path.join(INTEROP, 'apps', app.name);
  const r = run(app.typecheck(dir), dir);
  // tsc/vue-tsc: `file(line,col): error TS...`; svelte-check (machine): `<ts> ERROR "file" line:col "msg"`.
  const errors: { file: string; line: number; text: string }[] = [];
  for (const m of r.output.matchAll(/^(.+?)\((\d+),\d+\): error (TS\d+: .*)$/gm)) errors.push({ file: path.relative(dir, path.resolve(dir, m[1]!)), line: Number(m[2]), text: m[3]! });
  for (const m of r.output.matchAll(/^\d+ ERROR "(.+?)" (\d+):\d+ "(.*)"$/gm)) errors.push({ file: path.relative(dir, path.resolve(dir, m[1]!)), line: Number(m[2]), text: m[3]! });
  // ngc: `src/x.ts:12:5 - error NG8002: ...` (after colour codes are stripped).
  for (const m of r.output.replace(/\x1b\[[0-9;]*m/g, '').matchAll(/^(.+?):(\d+):\d+ - error (\w+: .*)$/gm))
    errors.push({ file: path.relative(dir, path.resolve(dir, m[1]!)), line: Number(m[2]), text: m[3]! });
  const expected = app.wrong.flatMap((file) => wrongLines(path.join(dir, file)).map((line) => `${file}:${line}`));
  const got = [...new Set(errors.map((e) => `${e.file}:${e.line}`))];
  const unexpected = errors.filter((e) => !expected.includes(`${e.file}:${e.line}`));
  const missed = expected.filter((x) => !got.includes(x));
  if (r.status === 0 && expected.length) return { ok: false, message: `the type check passed although ${app.wrong.join(', ')} is wrong:\n${r.output}` };
  if (errors.length === 0 && r.status !== 0) return { ok: false, message: `the type check failed without a parsable error:\n${r.output}` };
  if (unexpected.length || missed.length) {
    return {
      ok: false,
      message: [
        unexpected.length ? `errors outside the WRONG lines:\n${unexpected.map((e) => `  ${e.file}:${e.line} ${e.text}`).join('\n')}` : '',
        missed.length ? `WRONG lines that did not fail: ${missed.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('\n'),
    };
  }
  return { ok: true, message: `${expected.length} wrong lines refused, nothing else` };
}

/** What chatdesk costs in an app. */
export interface BuildInfo {
  /** The app's bundle (or, without a bundler, the browser build), minified. */
  bundleBytes: number;
  /** Bytes of chatdesk and its dependencies (lit, nanostores, ky, valibot, @tanstack, @lit/*) in it. */
  chatdeskBytes: number;
  chatdeskGzip: number;
  /** node_modules/chatdesk on disk. */
  installedKB: number;
}

const CHATDESK_AND_DEPS = /node_modules\/(chatdesk|lit|lit-html|lit-element|@lit|@lit-labs|nanostores|ky|valibot|@tanstack)\//;

function duKB(dir: string): number {
  let total = 0;
  const walk = (d: string) => {
    for (const item of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, item.name);
      if (item.isDirectory()) walk(full);
      else total += statSync(full).size;
    }
  };
  walk(dir);
  return Math.round(total / 1024);
}

/** The part of vue/compiler-sfc used here (the app's own copy; the repository has no Vue). */
interface VueSfcCompiler {
  parse(source: string, options: { filename: string }): { descriptor: unknown; errors: unknown[] };
  compileScript(
    descriptor: unknown,
    options: { id: string; inlineTemplate: boolean; isProd: boolean; templateOptions: { compilerOptions: { isCustomElement: (tag: string) => boolean } } },
  ): { content: string };
}

/** The part of svelte/compiler used here (the app's own copy). */
interface SvelteCompiler {
  compile(source: string, options: { filename: string; generate: 'client'; dev: boolean }): { js: { code: string } };
  preprocess(source: string, preprocessor: { script: (arg: { content: string; attributes: Record<string, string | boolean> }) => Promise<{ code: string }> }): Promise<{ code: string }>;
}

/** A `.vue` loader for esbuild using the app's own compiler (vue/compiler-sfc). */
function vuePlugin(dir: string): Plugin {
  const appRequire = createRequire(path.join(dir, 'package.json'));
  const sfc = appRequire('vue/compiler-sfc') as VueSfcCompiler;
  return {
    name: 'vue-sfc',
    setup(b) {
      b.onLoad({ filter: /\.vue$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        const { descriptor, errors } = sfc.parse(source, { filename: args.path });
        if (errors.length) throw new Error(errors.map(String).join('\n'));
        const id = path.basename(args.path);
        const script = sfc.compileScript(descriptor, {
          id,
          inlineTemplate: true,
          isProd: true,
          templateOptions: { compilerOptions: { isCustomElement: (tag: string) => tag.includes('-') } },
        });
        return { contents: script.content, loader: 'ts', resolveDir: path.dirname(args.path) };
      });
    },
  };
}

/** Builds the app (esbuild, minified, production) and measures chatdesk's share of it. */
export async function buildApp(app: AppSpec): Promise<BuildInfo> {
  const dir = path.join(INTEROP, 'apps', app.name);
  const installedKB = duKB(path.join(dir, 'node_modules/chatdesk'));
  if (app.build === 'none') {
    const code = readFileSync(path.join(dir, 'node_modules/chatdesk/dist/browser/chatdesk.js'));
    return { bundleBytes: code.length, chatdeskBytes: code.length, chatdeskGzip: gzipSync(code, { level: 9 }).length, installedKB };
  }
  if (app.name === 'angular') {
    const r = run([process.execPath, path.join(dir, 'node_modules/@angular/compiler-cli/bundles/src/bin/ngc.js'), '-p', 'tsconfig.build.json'], dir);
    if (r.status !== 0) throw new Error(`ngc failed:\n${r.output}`);
  }
  const plugins: Plugin[] = app.build === 'esbuild-vue' ? [vuePlugin(dir)] : [];
  if (app.name === 'svelte') plugins.push(await sveltePlugin(dir));
  const result = await build({
    absWorkingDir: dir,
    entryPoints: [path.join(dir, app.entry!)],
    bundle: true,
    format: 'esm',
    minify: true,
    target: 'es2022',
    jsx: 'automatic',
    conditions: app.name === 'svelte' ? ['svelte', 'browser'] : ['browser'],
    define: { 'process.env.NODE_ENV': '"production"', __VUE_OPTIONS_API__: 'false', __VUE_PROD_DEVTOOLS__: 'false', __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false' },
    outfile: path.join(dir, 'dist/main.js'),
    metafile: true,
    logLevel: 'error',
    plugins,
  });
  return { ...measure(result.metafile!, readFileSync(path.join(dir, 'dist/main.js'))), installedKB };
}

/** chatdesk's bytes in a bundle (esbuild's per-input attribution), and their gzip size approximated by their share. */
function measure(meta: Metafile, code: Buffer): Omit<BuildInfo, 'installedKB'> {
  const output = Object.values(meta.outputs)[0]!;
  let chatdeskBytes = 0;
  for (const [input, info] of Object.entries(output.inputs)) if (CHATDESK_AND_DEPS.test(input)) chatdeskBytes += info.bytesInOutput;
  const gzip = gzipSync(code, { level: 9 }).length;
  return { bundleBytes: code.length, chatdeskBytes, chatdeskGzip: Math.round((gzip * chatdeskBytes) / code.length) };
}

/** A `.svelte` loader for esbuild using the app's own compiler. */
async function sveltePlugin(dir: string): Promise<Plugin> {
  const appRequire = createRequire(path.join(dir, 'package.json'));
  const compilerPath = appRequire.resolve('svelte/compiler');
  const loaded = (await import(pathToFileURL(compilerPath).href)) as SvelteCompiler & { default?: SvelteCompiler };
  // The `require` build (CommonJS) comes as the default export.
  const { compile, preprocess } = typeof loaded.compile === 'function' ? loaded : loaded.default!;
  return {
    name: 'svelte',
    setup(b) {
      b.onLoad({ filter: /\.svelte$/ }, async (args) => {
        const source = readFileSync(args.path, 'utf8');
        // <script lang="ts">: strip types with esbuild, then compile.
        const pre = await preprocess(source, {
          script: async ({ content, attributes }) => (attributes['lang'] === 'ts' ? { code: (await transform(content, { loader: 'ts', target: 'es2022' })).code } : { code: content }),
        });
        const out = compile(pre.code, { filename: args.path, generate: 'client', dev: false });
        return { contents: out.js.code, loader: 'js', resolveDir: path.dirname(args.path) };
      });
    },
  };
}
