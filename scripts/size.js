#!/usr/bin/env node
// Size report for the built entries in dist/.
//
//   node scripts/size.js          print the table
//   node scripts/size.js --check  also fail (exit 1) when an entry exceeds its budget
//
// For every entry that exists in dist/ the built file is bundled again in
// memory (rollup + node-resolve + terser, process.env.NODE_ENV = "production")
// and gzipped (level 9), twice:
//   own        - the entry plus its shared chunks, dependencies external
//   with deps  - lit, nanostores, ky, valibot, ... bundled in (what a page pays
//                when nothing else on it shares those dependencies)
// An entry's figure is what a page pays at start: the code it imports statically.
// Code of ours that it loads with a plain dynamic `import()` (a window loaded when first opened,
// such as the image lightbox: a chunk whose source map names a module under components/) is an
// on-demand part: not counted in the entry, but measured as its own row, `./lazy/<name>` (the
// chunk and whatever it alone needs, beyond what the entry already loaded; the largest figure over
// the entries that load it), with its own budget. For
// `.` a second row, `. with every on-demand part`, adds every on-demand part to the start
// (each module once): what a page pays once a user opened every window. It has no goal or budget.
// The SDK client and HTTP transport that `<chat-provider endpoint>` imports dynamically as soon as
// it connects are paid at start: they stay counted in the entries.
// The browser build's on-demand chunks (dist/browser/lazy/*.js) are measured as they are, as
// `./browser/lazy/<name>`.
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
import { BROWSER_ENTRY, DIST, ROOT, collectEntries, isExternalDependency, isLocaleModule, productionEnv, terserOptions } from '../rollup.config.js';

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

/** The browser build's lazy chunks: `locales` (`dist/browser/locales/es-<hash>.js`) or `lazy` (on-demand windows). */
function browserChunkEntries(folder) {
  const dir = path.join(ROOT, path.dirname(BROWSER_ENTRY.output), folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .sort()
    .map((f) => {
      const name = f.replace(HASHED, '');
      return { name: `browser/${folder}/${name}`, source: BROWSER_ENTRY.source, exportKey: `./browser/${folder}/${name}`, output: path.relative(ROOT, path.join(dir, f)), locale: true };
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

/** A built chunk's name without its hash and extension: `image-lightbox-3-IpHCsz.js` -> `image-lightbox`. */
const HASHED = /-[\w-]{8}(\.js)?$|\.js$/;

/**
 * Whether a built chunk is a window of the elements, loaded when a user first opens it: its source
 * map names a module under components/. The SDK's client and HTTP transport, which `<chat-provider
 * endpoint>` imports as soon as it connects, are paid at start and stay counted in the entry.
 */
function isOnDemandChunk(file) {
  try {
    return JSON.parse(readFileSync(`${file}.map`, 'utf8')).sources.some((s) => /(^|[/\\])components[/\\]/.test(s));
  } catch {
    return false;
  }
}

/** Bytes and gzip size of some chunks' code, joined. */
function sizeOf(chunks) {
  const code = chunks.map((c) => c.code).join('\n');
  return { min: Buffer.byteLength(code), gzip: gzipSync(code, { level: 9 }).length };
}

/**
 * The entry's start (its chunk and the chunks it imports statically), each on-demand part (a chunk
 * reached by a dynamic import, with what it alone needs beyond the start) and everything together.
 */
async function measure(file, { withDeps }) {
  const bundle = await rollup({
    input: file,
    // A lazy locale chunk stays a dynamic import: it is not part of what the entry loads.
    external: (id) => isLocaleModule(id) || (!withDeps && isExternalDependency(id)),
    onwarn: () => {},
    plugins: [lazyDefines, nodeResolve({ browser: true, exportConditions: ['browser', 'production'] }), productionEnv, terser(terserOptions)],
  });
  try {
    const { output } = await bundle.generate({ format: 'es' });
    const chunks = new Map(output.filter((o) => o.type === 'chunk').map((c) => [c.fileName, c]));
    const reach = (chunk, seen = new Set()) => {
      if (!seen.has(chunk.fileName)) {
        seen.add(chunk.fileName);
        for (const name of chunk.imports) if (chunks.has(name)) reach(chunks.get(name), seen);
      }
      return seen;
    };
    // A part without a facade (rollup moved into it code that only on-demand parts share) is one by its modules.
    const onDemand = (c) => c.isDynamicEntry && !c.isEntry && (c.facadeModuleId ? isOnDemandChunk(c.facadeModuleId) : c.moduleIds.some(isOnDemandChunk));
    // The start: the entry, what it imports, and what it imports dynamically but not on demand (with theirs).
    const start = new Set();
    const add = (chunk) => {
      for (const name of reach(chunk)) {
        if (start.has(name)) continue;
        start.add(name);
        for (const d of chunks.get(name).dynamicImports) if (chunks.has(d) && !onDemand(chunks.get(d))) add(chunks.get(d));
      }
    };
    add([...chunks.values()].find((c) => c.isEntry));
    const pick = (names) => [...names].map((n) => chunks.get(n));
    // What is surely loaded before an on-demand part: the start, and when every chunk that imports it
    // dynamically is itself on demand (a window opened from a part loaded on demand, such as the
    // large image view from <attachment-viewer>'s tabs), what each of those loaded too.
    const before = (c, seen = new Set()) => {
      const importers = [...chunks.values()].filter((p) => p.dynamicImports.includes(c.fileName));
      if (seen.has(c.fileName) || importers.length === 0 || importers.some((p) => start.has(p.fileName))) return start;
      seen.add(c.fileName);
      const sets = importers.map((p) => new Set([...before(p, seen), ...reach(p)]));
      return new Set([...sets[0]].filter((n) => sets.every((set) => set.has(n))));
    };
    const lazy = [...chunks.values()]
      .filter((c) => !start.has(c.fileName) && onDemand(c))
      .map((c) => {
        const loaded = before(c);
        return { name: c.name.replace(HASHED, ''), ...sizeOf(pick([...reach(c)].filter((n) => !loaded.has(n)))) };
      });
    return { ...sizeOf(pick(start)), lazy, all: sizeOf([...chunks.values()]) };
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

/**
 * Rows for the on-demand parts the library entries load: `./lazy/<name>` (the largest figure over
 * those entries) and, for `.`, its start with every on-demand part (no budget, no goal).
 */
function onDemandRows(libraryEntries, measured) {
  const parts = new Map();
  const entries = [];
  const rows = [];
  for (const [i, entry] of libraryEntries.entries()) {
    const m = measured[i];
    if (!m?.own.lazy) continue;
    if (entry.exportKey === '.' && m.own.lazy.length) {
      entries.push({ ...entry, exportKey: '. with every on-demand part', output: `${entry.output} + on demand`, derived: true, unbudgeted: true });
      rows.push({ own: m.own.all, full: m.full.all });
    }
    for (const part of m.own.lazy) {
      const full = m.full.lazy.find((p) => p.name === part.name) ?? part;
      const seen = parts.get(part.name);
      parts.set(part.name, { own: seen && seen.own.gzip > part.gzip ? seen.own : part, full: seen && seen.full.gzip > full.gzip ? seen.full : full });
    }
  }
  const chunkDir = path.join(DIST, 'chunks');
  const built = existsSync(chunkDir) ? readdirSync(chunkDir) : [];
  for (const [name, m] of [...parts].sort(([a], [b]) => a.localeCompare(b))) {
    const file = built.find((f) => f.startsWith(`${name}-`) && f.endsWith('.js'));
    entries.push({ name: `lazy/${name}`, source: '(on demand)', exportKey: `./lazy/${name}`, output: file ? `dist/chunks/${file}` : '(on demand)', derived: true });
    rows.push(m);
  }
  return { entries, measured: rows };
}

/** @returns {Promise<{ ok: boolean, results: object[], problems: string[] }>} */
export async function sizeReport({ check = false } = {}) {
  const budgets = loadBudgets();
  const goals = loadGoals();
  const { entries: libraryEntries } = collectEntries();
  // The browser build has its dependencies inlined already: "own" and "with deps" are the same.
  const browser = existsSync(path.join(ROOT, BROWSER_ENTRY.source)) ? [BROWSER_ENTRY, ...browserChunkEntries('locales'), ...browserChunkEntries('lazy')] : [];
  const entries = [...libraryEntries, ...browser];
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
  // The on-demand parts as rows of their own, after the library entries (the browser build's come with it).
  const derived = onDemandRows(libraryEntries, measured);
  entries.splice(libraryEntries.length, 0, ...derived.entries);
  measured.splice(libraryEntries.length, 0, ...derived.measured);
  for (const [i, entry] of entries.entries()) {
    const file = path.join(ROOT, entry.output);
    const budget = entry.unbudgeted ? null : budgetFor(entry.exportKey, budgets);
    const goal = entry.unbudgeted ? null : budgetFor(entry.exportKey, goals);
    if (!entry.derived && !existsSync(file)) {
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
    if (!budget && !entry.unbudgeted) problems.push(`no size budget for ${entry.exportKey} (${entry.output}): add one to package.json chatdesk.sizeBudgets`);
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
        r.budget ? (r.over ? 'OVER' : 'ok') : r.unbudgeted ? '-' : 'no budget',
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
