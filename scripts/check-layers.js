#!/usr/bin/env node
// The architecture rules as a check (part of `npm run lint`):
//   - sdk/ never imports lit, components/, src/ or server/ (it is the headless layer);
//   - components/ never imports server/ (tests and stories excepted: they run the in-process core);
//   - server/core/ never imports a Node built-in, a database driver or the rest of server/ (it runs
//     in the browser for Storybook and element tests); server/demo-data/ (the seed) likewise, and
//     the core never imports the demo data;
//   - src/ (the entry points) never imports server/.
// Every static `import`/`export ... from` and dynamic `import('...')` with a literal specifier in a
// .ts/.js source is read; a type-only import counts too (a layer that names another's types depends on it).
//
//   node scripts/check-layers.js [root]     prints each violation as file:line and exits 1 if any
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** @typedef {{ file: string, line: number, specifier: string, rule: string }} Violation */

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const SOURCE = /\.(ts|js|mjs)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', 'build', 'storybook-static', '.git', 'coverage']);

/** True for tests, stories and test support, which may reach across layers to set up a real backend. */
export function isTestFile(rel) {
  return /(^|\/)(test|tests|__tests__)\//.test(rel) || /\.(test|stories|spec|test-helpers)\.(ts|js)$/.test(rel) || /(^|\/)test-(support|fixtures)\.ts$/.test(rel);
}

/** A Node built-in or a package only the server may use (database drivers, HTTP, sockets). */
function serverOnly(t) {
  return t.pkg !== undefined && (NODE_BUILTINS.has(t.pkg) || /^(pg|@electric-sql\/|ws|hono|@hono\/)/.test(t.pkg));
}

/**
 * The layer rules. `from` says which files a rule applies to (paths relative to the root, with `/`);
 * `forbids` says whether an import, given as a root-relative path (or the bare package name),
 * breaks it.
 * @type {{ name: string, from: (rel: string) => boolean, forbids: (target: { path?: string, pkg?: string }) => boolean }[]}
 */
export const RULES = [
  {
    name: 'sdk/ is headless: no lit, no components/, src/ or server/',
    from: (rel) => rel.startsWith('sdk/') && !isTestFile(rel),
    forbids: (t) => (t.pkg !== undefined && /^(lit|@lit\/|@lit-labs\/)/.test(t.pkg)) || (t.path !== undefined && /^(components|src|server)\//.test(t.path)),
  },
  {
    name: 'components/ never imports server/ (only tests and stories run the in-process core)',
    from: (rel) => rel.startsWith('components/') && !isTestFile(rel),
    forbids: (t) => t.path !== undefined && t.path.startsWith('server/'),
  },
  {
    name: 'src/ never imports server/',
    from: (rel) => rel.startsWith('src/') && !isTestFile(rel),
    forbids: (t) => t.path !== undefined && t.path.startsWith('server/'),
  },
  {
    name: 'server/core/ runs in a browser: no Node built-ins, no database drivers, nothing from the rest of server/',
    from: (rel) => rel.startsWith('server/core/') && !isTestFile(rel),
    forbids: (t) => serverOnly(t) || (t.path !== undefined && t.path.startsWith('server/') && !t.path.startsWith('server/core/')),
  },
  {
    name: 'server/demo-data/ runs in a browser too (stories, element tests): no Node built-ins, no database drivers, nothing of server/ but the core',
    from: (rel) => rel.startsWith('server/demo-data/') && !isTestFile(rel),
    forbids: (t) => serverOnly(t) || (t.path !== undefined && t.path.startsWith('server/') && !t.path.startsWith('server/core/') && !t.path.startsWith('server/demo-data/')),
  },
];

const IMPORT_RE = /(?:^|[^\w$.])(?:import|export)\s+(?:type\s+)?(?:[\w$*{}\s,]+?\s+from\s+)?['"]([^'"]+)['"]|(?:^|[^\w$.])import\s*\(\s*['"]([^'"]+)['"]\s*\)/gm;

/** Strips comments (keeping line breaks) so that an import in a comment does not count. */
function stripComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** The specifiers a source imports, with their line numbers. */
export function importsOf(text) {
  const clean = stripComments(text);
  /** @type {{ specifier: string, line: number }[]} */
  const out = [];
  for (const m of clean.matchAll(IMPORT_RE)) {
    const specifier = m[1] ?? m[2];
    if (!specifier) continue;
    const line = clean.slice(0, m.index + m[0].length).split('\n').length;
    out.push({ specifier, line });
  }
  return out;
}

/** The package name of a bare specifier (`@scope/pkg/sub` → `@scope/pkg`, `node:fs` stays). */
function packageOf(specifier) {
  if (specifier.startsWith('node:')) return specifier;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function* sources(root, dir = root) {
  for (const name of readdirSync(dir)) {
    if (SKIP_DIRS.has(name) || name.startsWith('.')) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) yield* sources(root, full);
    else if (SOURCE.test(name) && !name.endsWith('.d.ts')) yield full;
  }
}

/**
 * Checks every source under `root` against {@link RULES}.
 * @param {string} root
 * @returns {Violation[]}
 */
export function checkLayers(root) {
  /** @type {Violation[]} */
  const found = [];
  for (const file of sources(root)) {
    const rel = relative(root, file).split(sep).join('/');
    const rules = RULES.filter((r) => r.from(rel));
    if (rules.length === 0) continue;
    for (const { specifier, line } of importsOf(readFileSync(file, 'utf8'))) {
      const target = specifier.startsWith('.')
        ? {
            path: relative(root, resolve(dirname(file), specifier))
              .split(sep)
              .join('/'),
          }
        : { pkg: packageOf(specifier) };
      for (const rule of rules) if (rule.forbids(target)) found.push({ file: rel, line, specifier, rule: rule.name });
    }
  }
  return found;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
  const found = checkLayers(root);
  for (const v of found) console.error(`${v.file}:${v.line}: imports '${v.specifier}': ${v.rule}`);
  if (found.length > 0) {
    console.error(`\n${found.length} import(s) break the layer rules (docs/conventions.md, CONTRIBUTING.md).`);
    process.exit(1);
  }
  console.log(`layers: ok (${RULES.length} rules)`);
}
