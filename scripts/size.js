#!/usr/bin/env node
// Size report for the built entries in dist/.
//
//   node scripts/size.js          print the table
//   node scripts/size.js --check  also fail (exit 1) when an entry exceeds its budget
//
// For every entry that exists in dist/ the built file is bundled again in
// memory (rollup + node-resolve + terser, dynamic imports inlined,
// process.env.NODE_ENV = "production") and gzipped (level 9), twice:
//   own        - the entry plus its shared chunks, dependencies external
//   with deps  - lit, nanostores, ky, valibot, ... bundled in (what a page pays
//                when nothing else on it shares those dependencies)
// The lazy locale chunks (dist/locales/*.js, dist/browser/locales/*.js: the strings of one shipped
// language besides English) are not counted in the entries that load them on demand; each is
// measured as it is (data only: what a page downloads when it switches to that language).
// Likewise an element that another one registers on demand (`<tag-filter>`, imported by
// `define/dialog-list` when its filter panel first opens) is a dynamic import of its own define
// module: it is measured as that entry, not in the entry that loads it later.
// Budgets apply to "with deps" and live in package.json -> chatdesk.sizeBudgets
// (KB = 1024 bytes, keyed by export path; "./define/*" matches every per-element module); an
// entry without a budget fails the check too. The goals (chatdesk.sizeGoals, same keys) are
// printed beside them, with NO where one is missed; missing a goal does not fail the check.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { rollup } from 'rollup';
import { BROWSER_ENTRY, ROOT, collectEntries, isExternalDependency, isLocaleModule, productionEnv, terserOptions } from '../rollup.config.js';

const KB = 1024;

export function loadBudgets() {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const budgets = pkg.chatdesk?.sizeBudgets;
  if (!budgets || typeof budgets !== 'object') {
    throw new Error('package.json is missing "chatdesk": { "sizeBudgets": { "./sdk": 15, ... } }');
  }
  return budgets;
}

/** The size goals (KB, same keys as the budgets): printed beside the budgets, not enforced. */
export function loadGoals() {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  return pkg.chatdesk?.sizeGoals ?? {};
}

/** The browser build's lazy locale chunks (`dist/browser/locales/es-<hash>.js`). */
function browserLocaleEntries() {
  const dir = path.join(ROOT, path.dirname(BROWSER_ENTRY.output), 'locales');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .sort()
    .map((f) => {
      const locale = f.replace(/-[\w-]+\.js$|\.js$/, '');
      return { name: `browser/locales/${locale}`, source: BROWSER_ENTRY.source, exportKey: `./browser/locales/${locale}`, output: path.relative(ROOT, path.join(dir, f)), locale: true };
    });
}

export function budgetFor(exportKey, budgets) {
  if (typeof budgets[exportKey] === 'number') return { key: exportKey, kb: budgets[exportKey] };
  for (const [key, kb] of Object.entries(budgets)) {
    if (!key.includes('*') || typeof kb !== 'number') continue;
    const [prefix, suffix] = key.split('*');
    if (exportKey.startsWith(prefix) && exportKey.endsWith(suffix)) return { key, kb };
  }
  return null;
}

/** A dynamic import of a define module (an element registered on demand) stays out of the bundle. */
export const lazyDefines = {
  name: 'chatdesk:lazy-defines',
  resolveDynamicImport(specifier, importer) {
    if (typeof specifier !== 'string' || !importer || !specifier.startsWith('.')) return null;
    const id = path.resolve(path.dirname(importer), specifier);
    // A distinct id: the same module may also be imported statically (`define.js` registers every tag).
    return /[/\\]define[/\\][\w-]+\.[jt]s$/.test(id) ? { id: `${id}?on-demand`, external: true } : null;
  },
};

async function measure(file, { withDeps }) {
  const bundle = await rollup({
    input: file,
    // A lazy locale chunk stays a dynamic import: it is not part of what the entry loads.
    external: (id) => isLocaleModule(id) || (!withDeps && isExternalDependency(id)),
    onwarn: () => {},
    plugins: [lazyDefines, nodeResolve({ browser: true, exportConditions: ['browser', 'production'] }), productionEnv, terser(terserOptions)],
  });
  try {
    const { output } = await bundle.generate({ format: 'es', inlineDynamicImports: true });
    const code = output
      .filter((o) => o.type === 'chunk')
      .map((o) => o.code)
      .join('\n');
    return { min: Buffer.byteLength(code), gzip: gzipSync(code, { level: 9 }).length };
  } finally {
    await bundle.close();
  }
}

/** A built file as it is: its bytes and gzip size. */
function measureFile(file) {
  const code = readFileSync(file);
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

const fmt = (bytes) => `${(bytes / KB).toFixed(2)} KB`;

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  const line = (r) =>
    r
      .map((c, i) => (i < 2 || i === r.length - 1 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/**
 * Runs `work` over `items`, at most `limit` at a time; the answers keep the items' order.
 * @template T, R
 * @param {T[]} items
 * @param {number} limit
 * @param {(item: T) => Promise<R>} work
 * @returns {Promise<R[]>}
 */
async function inPool(items, limit, work) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** @returns {Promise<{ ok: boolean, results: object[], problems: string[] }>} */
export async function sizeReport({ check = false } = {}) {
  const budgets = loadBudgets();
  const goals = loadGoals();
  const { entries: libraryEntries } = collectEntries();
  // The browser build has its dependencies inlined already: "own" and "with deps" are the same.
  const entries = [...libraryEntries, ...(existsSync(path.join(ROOT, BROWSER_ENTRY.source)) ? [BROWSER_ENTRY, ...browserLocaleEntries()] : [])];
  const results = [];
  const problems = [];
  // Two bundles at a time (rollup on this thread, terser in its workers): the slowest step of the check.
  const measured = await inPool(entries, 2, async (entry) => {
    const file = path.join(ROOT, entry.output);
    if (!existsSync(file)) return null;
    // The browser build is one minified file with its dependencies inside: measure it as it is.
    const selfContained = entry.exportKey === BROWSER_ENTRY.exportKey || entry.locale;
    const own = selfContained ? measureFile(file) : await measure(file, { withDeps: false });
    const full = selfContained ? own : await measure(file, { withDeps: true });
    return { own, full };
  });
  for (const [i, entry] of entries.entries()) {
    const file = path.join(ROOT, entry.output);
    const budget = budgetFor(entry.exportKey, budgets);
    const goal = budgetFor(entry.exportKey, goals);
    if (!existsSync(file)) {
      results.push({ ...entry, missing: true, budget });
      problems.push(`${entry.output} is missing although ${entry.source} exists - run \`npm run build\` first`);
      continue;
    }
    const { own, full } = measured[i];
    const over = budget ? full.gzip > budget.kb * KB : false;
    if (over) {
      problems.push(
        `size budget exceeded: ${entry.exportKey} (${entry.output}) is ${fmt(full.gzip)} min+gzip with dependencies, ` +
          `budget ${budget.kb} KB (${budget.kb * KB} bytes; package.json chatdesk.sizeBudgets["${budget.key}"]), ` +
          `over by ${full.gzip - budget.kb * KB} bytes`,
      );
    }
    if (!budget) problems.push(`no size budget for ${entry.exportKey} (${entry.output}): add one to package.json chatdesk.sizeBudgets`);
    const missed = goal ? full.gzip > goal.kb * KB : false;
    results.push({ ...entry, own, full, budget, over, goal, missed });
  }

  if (results.length === 0) {
    console.log('size: no entries to measure (no src/index.ts, sdk/index.ts, src/define.ts, src/define/*.ts yet)');
  } else {
    const rows = [['entry', 'export', 'min', 'min+gzip', 'min +deps', 'min+gzip +deps', 'budget', 'goal', 'goal met', 'status']];
    for (const r of results) {
      const goal = r.goal ? `${r.goal.kb} KB` : '-';
      if (r.missing) {
        rows.push([r.output, r.exportKey, '-', '-', '-', '-', r.budget ? `${r.budget.kb} KB` : '-', goal, '-', 'NOT BUILT']);
        continue;
      }
      rows.push([
        r.output,
        r.exportKey,
        fmt(r.own.min),
        fmt(r.own.gzip),
        fmt(r.full.min),
        fmt(r.full.gzip),
        r.budget ? `${r.budget.kb} KB` : '-',
        goal,
        r.goal ? (r.missed ? 'NO' : 'yes') : '-',
        r.budget ? (r.over ? 'OVER' : 'ok') : 'no budget',
      ]);
    }
    console.log(table(rows));
  }

  mkdirSync(path.join(ROOT, '.size'), { recursive: true });
  writeFileSync(
    path.join(ROOT, '.size/report.json'),
    JSON.stringify(
      results.map((r) => ({
        entry: r.output,
        export: r.exportKey,
        min: r.own?.min ?? null,
        gzip: r.own?.gzip ?? null,
        minWithDeps: r.full?.min ?? null,
        gzipWithDeps: r.full?.gzip ?? null,
        budgetBytes: r.budget ? r.budget.kb * KB : null,
        goalBytes: r.goal ? r.goal.kb * KB : null,
      })),
      null,
      2,
    ) + '\n',
  );

  const ok = !check || problems.length === 0;
  if (check) {
    if (problems.length) for (const p of problems) console.error(`✖ ${p}`);
    else console.log(`size check passed (${results.filter((r) => r.budget).length} budgeted entries within budget)`);
  }
  return { ok, results, problems };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const check = process.argv.includes('--check');
  sizeReport({ check })
    .then(({ ok }) => process.exit(ok ? 0 : 1))
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
