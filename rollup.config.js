// Library build: minified ESM in dist/, runtime dependencies kept external.
//
//   dist/index.js          <- src/index.ts        (everything)
//   dist/sdk.js            <- sdk/index.ts        (headless, no lit)
//   dist/define.js         <- src/define.ts       (registers every default tag)
//   dist/define/<tag>.js   <- src/define/<tag>.ts (one per element)
//   dist/locales/<xx>.js   <- components/locales/<xx>.ts (the strings of one shipped language besides
//                          English: a lazy chunk `loadLocale` imports when an element first shows it)
//   dist/chunks/*.js       shared code, and the on-demand windows (a plain `import()` of ours, e.g.
//                          the image lightbox: loaded when first opened)
//   dist/browser/chatdesk.js <- src/browser.ts  (self-contained: every dependency inlined,
//                          process.env replaced, every tag registered; for pages without a bundler)
//   dist/browser/locales/<xx>.js  its lazy locale chunks (loaded from beside chatdesk.js)
//   dist/browser/lazy/<name>.js   its on-demand windows (loaded relative to chatdesk.js)
//
// Entries whose source file does not exist yet are skipped with a message.
// TypeScript is transpiled with esbuild's transform API using the
// decorator/class-field settings of tsconfig.json; `./x.js` relative imports
// resolve to `./x.ts`. Declarations are emitted separately by
// `tsc -p tsconfig.build.json` (see scripts/build.js).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { transform } from 'esbuild';
import ts from 'typescript';
import { litTemplates } from './scripts/minify-templates.js';
import { memberMangling, privateCssNames } from './scripts/mangle-members.js';

export const ROOT = path.dirname(fileURLToPath(import.meta.url));
export const DIST = path.join(ROOT, 'dist');

/** Fixed entry points: rollup chunk name -> source file -> package.json export key. */
export const ENTRIES = [
  { name: 'index', source: 'src/index.ts', exportKey: '.' },
  { name: 'sdk', source: 'sdk/index.ts', exportKey: './sdk' },
  { name: 'sdk-http', source: 'sdk/transport/index.ts', exportKey: './sdk/http' },
  { name: 'define', source: 'src/define.ts', exportKey: './define' },
];

/** The self-contained browser build (its own rollup run: nothing external, one file). */
export const BROWSER_ENTRY = { name: 'browser/chatdesk', source: 'src/browser.ts', exportKey: './browser', output: 'dist/browser/chatdesk.js' };
/** The browser build's entry file, as its chunks name it in their imports. */
const BROWSER_ENTRY_FILE = path.basename(BROWSER_ENTRY.output);

/** Per-element define modules we expect; any other src/define/*.ts is built too. */
export const EXPECTED_DEFINES = ['dialog-list', 'chat-window', 'client-widget', 'tag-filter', 'attachment-viewer', 'chat-provider'];

/** The shipped languages besides English: one module each, built as lazy chunks. */
export const LOCALES_DIR = 'components/locales';

/** `['es', 'ru']`: the modules in components/locales/. */
export function shippedLocales() {
  const dir = path.join(ROOT, LOCALES_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !/\.(d|test)\.ts$/.test(f))
    .map((f) => f.slice(0, -3))
    .sort();
}

/** A module (source or built) holding one shipped language's strings. */
export function isLocaleModule(id) {
  return /(^|[/\\])locales[/\\][\w-]+(-[\w]+)?\.[jt]s$/.test(id);
}

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** Packages (and families) that stay as bare imports in dist/ and are resolved by the consumer. */
const EXTERNAL_PACKAGES = new Set([
  ...Object.keys(pkg.dependencies ?? {}),
  ...Object.keys(pkg.peerDependencies ?? {}),
  ...Object.keys(pkg.optionalDependencies ?? {}),
  'lit',
  'lit-html',
  'lit-element',
  'nanostores',
  'ky',
  'valibot',
]);
const EXTERNAL_SCOPES = ['@lit/', '@lit-labs/', '@nanostores/', '@tanstack/'];

function packageNameOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

export function isExternalDependency(id) {
  if (id.startsWith('.') || id.startsWith('/') || id.startsWith('\0') || path.isAbsolute(id)) return false;
  const name = packageNameOf(id);
  return EXTERNAL_PACKAGES.has(name) || EXTERNAL_SCOPES.some((scope) => name.startsWith(scope));
}

const declaredSideEffects = new Map();
/**
 * Externals keep their import statements only when they may have side effects, as a
 * consumer's bundler would decide: packages declaring `"sideEffects": false`
 * (nanostores, ky, valibot, @tanstack/*) are dropped when unused; lit & co are kept.
 */
export function externalHasSideEffects(id) {
  const name = packageNameOf(id);
  if (!declaredSideEffects.has(name)) {
    let value = true;
    try {
      const meta = JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8'));
      if (meta.sideEffects === false) value = false;
    } catch {
      // not installed here: assume side effects
    }
    declaredSideEffects.set(name, value);
  }
  return declaredSideEffects.get(name);
}

/**
 * Discover the entries that exist right now.
 * @returns {{ input: Record<string, string>, entries: Array<{name: string, source: string, exportKey: string, output: string}>, skipped: string[] }}
 */
export function collectEntries() {
  const entries = [];
  const skipped = [];
  for (const entry of ENTRIES) {
    if (existsSync(path.join(ROOT, entry.source))) entries.push({ ...entry, output: `dist/${entry.name}.js` });
    else skipped.push(entry.source);
  }
  const defineDir = path.join(ROOT, 'src/define');
  const found = existsSync(defineDir)
    ? readdirSync(defineDir)
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !/\.(test|stories)\.ts$/.test(f))
        .filter((f) => statSync(path.join(defineDir, f)).isFile())
        .map((f) => f.slice(0, -3))
        .sort()
    : [];
  for (const tag of found) {
    entries.push({
      name: `define/${tag}`,
      source: `src/define/${tag}.ts`,
      exportKey: `./define/${tag}`,
      output: `dist/define/${tag}.js`,
    });
  }
  for (const tag of EXPECTED_DEFINES) if (!found.includes(tag)) skipped.push(`src/define/${tag}.ts`);
  for (const locale of shippedLocales()) {
    entries.push({
      name: `locales/${locale}`,
      source: `${LOCALES_DIR}/${locale}.ts`,
      exportKey: `./locales/${locale}`,
      output: `dist/locales/${locale}.js`,
      locale: true,
    });
  }
  const input = Object.fromEntries(entries.map((e) => [e.name, path.join(ROOT, e.source)]));
  return { input, entries, skipped };
}

/** Compiler options from tsconfig.json (comments/extends handled by TypeScript itself). */
function tsconfigCompilerOptions() {
  const file = path.join(ROOT, 'tsconfig.json');
  const { config, error } = ts.readConfigFile(file, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, ROOT, undefined, file);
  const raw = { ...(config.compilerOptions ?? {}) };
  // Resolve `extends` chains: take the effective values TypeScript computed.
  const o = parsed.options;
  return {
    experimentalDecorators: o.experimentalDecorators ?? raw.experimentalDecorators,
    useDefineForClassFields: o.useDefineForClassFields ?? raw.useDefineForClassFields,
    verbatimModuleSyntax: o.verbatimModuleSyntax ?? raw.verbatimModuleSyntax,
    target: raw.target,
  };
}

/** Transpile TS with esbuild (honouring experimentalDecorators) and map `./x.js` imports to `./x.ts`. */
export function esbuildTypescript({ target = 'es2022' } = {}) {
  const compilerOptions = tsconfigCompilerOptions();
  const tryFiles = (candidates) => candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? null;
  return {
    name: 'chatdesk:esbuild-ts',
    resolveId(source, importer) {
      if (!importer || importer.startsWith('\0')) return null;
      if (!(source.startsWith('.') || path.isAbsolute(source))) return null;
      const base = path.resolve(path.dirname(importer), source);
      const m = /\.([mc]?)js$/.exec(base);
      if (m) {
        const stem = base.slice(0, -m[0].length);
        return tryFiles([`${stem}.${m[1]}ts`, `${stem}.tsx`, base]);
      }
      if (!path.extname(base)) return tryFiles([`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]);
      return null;
    },
    async transform(code, id) {
      if (!/\.[mc]?tsx?$/.test(id) || id.endsWith('.d.ts')) return null;
      const result = await transform(code, {
        loader: id.endsWith('x') ? 'tsx' : 'ts',
        format: 'esm',
        target,
        sourcemap: true,
        sourcefile: id,
        tsconfigRaw: { compilerOptions },
      });
      for (const warning of result.warnings) this.warn(`${warning.text} (${id})`);
      return { code: result.code, map: result.map };
    },
  };
}

/** Minimal JSON-module support (`import data from './x.json'`). */
export function jsonModules() {
  return {
    name: 'chatdesk:json',
    transform(code, id) {
      if (!id.endsWith('.json')) return null;
      return { code: `export default ${JSON.stringify(JSON.parse(code))};`, map: { mappings: '' } };
    },
  };
}

export const terserOptions = {
  module: true,
  ecma: 2020,
  compress: { passes: 2 },
  // Kept: the comments that tell a consumer's bundler to leave a native import() alone (components/internal/on-demand.ts).
  format: { comments: /webpackIgnore|@vite-ignore/ },
  // Private members' names shortened, the same in every chunk (scripts/mangle-members.js); read when a terser plugin is made.
  get mangle() {
    return memberMangling().mangle;
  },
};

function onwarn(warning, warn) {
  // A bare import that is neither external nor resolvable produces a broken bundle.
  if (warning.code === 'UNRESOLVED_IMPORT') throw new Error(`rollup: ${warning.message}`);
  warn(warning);
}

/** @returns {import('rollup').RollupOptions | null} null when no entry exists yet */
export function createConfig({ log = true } = {}) {
  const { input, skipped } = collectEntries();
  if (log) for (const file of skipped) console.log(`skipped: no ${file}`);
  if (Object.keys(input).length === 0) return null;
  return {
    input,
    external: isExternalDependency,
    preserveEntrySignatures: 'strict',
    treeshake: { moduleSideEffects: (id, external) => (external ? externalHasSideEffects(id) : true) },
    onwarn,
    plugins: [...sourceTransforms(), nodeResolve({ browser: true, extensions: ['.mjs', '.js', '.json'] }), terser(terserOptions)],
    output: {
      dir: DIST,
      format: 'es',
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/[name]-[hash].js',
      // No `import "lit"` / `import "./chunks/x.js"` lines added only to pre-load transitive deps.
      hoistTransitiveImports: false,
      sourcemap: true,
    },
  };
}

/**
 * What a bundler does for production: `process.env.NODE_ENV` -> "production" (nanostores
 * reads it; a page without a bundler has no `process`).
 */
export const productionEnv = {
  name: 'chatdesk:node-env',
  transform(code) {
    if (!code.includes('process.env.NODE_ENV')) return null;
    return { code: code.replace(/\bprocess\.env\.NODE_ENV\b/g, '"production"'), map: null };
  },
};

/**
 * The transforms every bundle of the sources runs first, in this order: private CSS names
 * shortened, lit templates minified, TypeScript, JSON modules. The library, the browser build and
 * scripts/size-modules.js all start from this list, so a new source transform goes in one place.
 * @returns {import('rollup').Plugin[]}
 */
export function sourceTransforms() {
  return [privateCssNames(), litTemplates(), esbuildTypescript(), jsonModules()];
}

/**
 * A page's bundle of the sources with its dependencies: the source transforms, dependencies
 * resolved for the browser in production, `process.env.NODE_ENV` replaced (not minified).
 * @returns {import('rollup').Plugin[]}
 */
export function browserBundlePlugins() {
  return [...sourceTransforms(), nodeResolve({ browser: true, exportConditions: ['browser', 'production'], extensions: ['.mjs', '.js', '.json'] }), productionEnv];
}

/**
 * The browser build: `src/browser.ts` with every dependency bundled, the HTTP transport (loaded on
 * demand by `<chat-provider endpoint>`) inlined, minified; fails if any `process` reference is left.
 * @returns {import('rollup').RollupOptions | null}
 */
export function createBrowserConfig() {
  if (!existsSync(path.join(ROOT, BROWSER_ENTRY.source))) return null;
  return {
    input: path.join(ROOT, BROWSER_ENTRY.source),
    // An on-demand chunk imports the shared code from chatdesk.js itself (extra, internal exports) rather than a third file.
    preserveEntrySignatures: 'allow-extension',
    onwarn,
    plugins: [
      ...browserBundlePlugins(),
      terser(terserOptions),
      {
        name: 'chatdesk:one-file-first',
        generateBundle(_options, bundle) {
          for (const chunk of Object.values(bundle)) {
            if (chunk.type !== 'chunk') continue;
            if (chunk.isEntry && chunk.imports.length > 0)
              throw new Error(`the browser build's ${chunk.fileName} imports ${chunk.imports.join(', ')} at start (only locales and on-demand parts may be split off)`);
            // An on-demand part imports chatdesk.js alone: a part loaded from a retry's address (the browser
            // kept its first failure) could not load a static import of another chunk's first address either.
            const others = chunk.imports.filter((i) => i !== BROWSER_ENTRY_FILE);
            if (!chunk.isEntry && others.length > 0)
              throw new Error(
                `the browser build's ${chunk.fileName} imports ${others.join(', ')}: code that only on-demand parts share belongs in the entry's graph (see components/internal/on-demand.ts)`,
              );
          }
        },
      },
      {
        name: 'chatdesk:no-process',
        renderChunk(code) {
          if (/\bprocess\.env\b/.test(code)) throw new Error('the browser build still reads process.env');
          return null;
        },
      },
    ],
    output: {
      // One file, plus one lazy chunk per shipped language besides English (data only, no imports) and
      // one per on-demand window (lazy/, importing what it shares from chatdesk.js). The HTTP
      // transport is exported by src/browser.ts, so its dynamic import stays inside.
      dir: path.join(ROOT, path.dirname(BROWSER_ENTRY.output)),
      entryFileNames: path.basename(BROWSER_ENTRY.output),
      chunkFileNames: (chunk) => {
        if (chunk.moduleIds.every(isLocaleModule)) return 'locales/[name]-[hash].js';
        if (chunk.moduleIds.includes(path.join(ROOT, BROWSER_ENTRY.source))) throw new Error(`the browser build split its entry: ${chunk.moduleIds.join(', ')}`);
        // An on-demand part: never imported by chatdesk.js itself, importing only chatdesk.js (checked in
        // generateBundle below).
        return 'lazy/[name]-[hash].js';
      },
      format: 'es',
      sourcemap: true,
    },
  };
}

// `rollup -c` entry point (a function, so importing this module has no side effects).
// scripts/build.js uses createConfig() through the JS API instead.
export default function rollupConfig() {
  const config = createConfig();
  if (!config) {
    throw new Error('No entry points exist yet (src/index.ts, sdk/index.ts, src/define.ts, src/define/*.ts).');
  }
  return config;
}
