#!/usr/bin/env node
// Where the bytes of an entry are (issue 17): the entry bundled from its sources as the size check
// bundles it (dependencies in, lazy locale chunks and on-demand elements out, dynamic imports
// inlined), then each module's rendered code minified alone, with its estimated share of the
// entry's min+gzip (its own gzip size, scaled so the shares add up to the whole).
//
//   node scripts/size-modules.js src/index.ts [top=40]
//   node scripts/size-modules.js ./define/chat-window      (an export key works too)
//   node scripts/size-modules.js ./sdk 40 --write=/tmp/sdk.min.js   (also writes the minified entry, to read)
//
// Modules of the on-demand parts (a window loaded on first open: what scripts/size.js counts as
// `./lazy/<name>`, not in the entry) are listed too, marked `(on demand)`, with their sum.
// Dependencies are named `node_modules:<package>/<file>` and grouped by package.
//
// Shares are estimates (gzip shares strings across modules), good for ranking, not for budgets:
// measure a change with scripts/size.js.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { rollup } from 'rollup';
import { minify } from 'terser';
import { browserBundlePlugins, collectEntries, isLocaleModule, ROOT, terserOptions } from '../rollup.config.js';
import { lazyDefines } from './size.js';

const KB = 1024;
const kb = (bytes) => (bytes / KB).toFixed(2).padStart(7);

/** `src/index.ts` or an export key (`.`, `./define/chat-window`) -> the source file. */
function sourceOf(arg) {
  const entry = collectEntries().entries.find((e) => e.exportKey === arg);
  return path.join(ROOT, entry ? entry.source : arg);
}

/**
 * A module's name in the table: its path in the repository, or `node_modules:<package>/<file>` for a
 * dependency (wherever node_modules really is: a worktree's may be a link to another checkout's).
 */
function moduleName(id) {
  const dep = /[/\\]node_modules[/\\](.+)$/.exec(id);
  return dep ? `node_modules:${dep[1].split(path.sep).join('/')}` : path.relative(ROOT, id);
}

async function main() {
  const args = process.argv.slice(2);
  const write = args.find((a) => a.startsWith('--write='))?.slice('--write='.length);
  const [arg = '.', top = '40'] = args.filter((a) => !a.startsWith('--'));
  const input = sourceOf(arg);
  const bundle = await rollup({
    input,
    external: (id) => isLocaleModule(id),
    onwarn: () => {},
    plugins: [lazyDefines, ...browserBundlePlugins()],
  });
  try {
    // The modules a plain import() of ours loads when a window first opens (a chunk of its own
    // whose first module is under components/, as size.js counts them): marked `(on demand)`.
    const split = await bundle.generate({ format: 'es' });
    const onDemand = new Set(
      split.output.filter((c) => c.type === 'chunk' && c.isDynamicEntry && !c.isEntry && /[/\\]components[/\\]/.test(c.facadeModuleId ?? '')).flatMap((c) => Object.keys(c.modules)),
    );
    const { output } = await bundle.generate({ format: 'es', inlineDynamicImports: true });
    const [chunk] = output;
    const whole = await minify(chunk.code, terserOptions);
    const total = gzipSync(whole.code, { level: 9 }).length;
    if (write) writeFileSync(write, whole.code);
    const rows = [];
    for (const [id, m] of Object.entries(chunk.modules)) {
      if (!m.code) continue;
      // Alone, a module's exports look unused: keep them (no dead-code removal), mangle locals only.
      const r = await minify(m.code, { ...terserOptions, compress: { ...terserOptions.compress, unused: false, dead_code: false }, mangle: { toplevel: false } });
      rows.push({ id: moduleName(id) + (onDemand.has(id) ? ' (on demand)' : ''), min: r.code.length, gzip: gzipSync(r.code, { level: 9 }).length });
    }
    const gzipSum = rows.reduce((s, r) => s + r.gzip, 0);
    const share = (g) => (g / gzipSum) * total;
    console.log(`${path.relative(ROOT, input)}: ${kb(whole.code.length).trim()} KB min, ${kb(total).trim()} KB min+gzip, ${rows.length} modules (on-demand parts included)`);
    const lazy = rows.filter((r) => r.id.endsWith(' (on demand)'));
    if (lazy.length) {
      const sum = (key) => lazy.reduce((s, r) => s + r[key], 0);
      console.log(`of which on demand (loaded when a window first opens): ${lazy.length} modules, ${kb(sum('min')).trim()} KB min, ~${kb(share(sum('gzip'))).trim()} KB min+gzip`);
    }
    const groups = new Map();
    for (const r of rows) {
      const parts = r.id.replace(' (on demand)', '').split('/');
      // A dependency's folder is its package (`node_modules:@lit/reactive-element`).
      const depth = r.id.startsWith('node_modules:') ? (r.id.startsWith('node_modules:@') ? 2 : 1) : 2;
      const key = parts.length > depth ? parts.slice(0, depth).join('/') : r.id;
      const g = groups.get(key) ?? { min: 0, gzip: 0 };
      groups.set(key, { min: g.min + r.min, gzip: g.gzip + r.gzip });
    }
    console.log('\n    min  ~gzip  folder');
    for (const [key, g] of [...groups].sort((a, b) => b[1].gzip - a[1].gzip)) console.log(`${kb(g.min)} ${kb(share(g.gzip))}  ${key}`);
    console.log(`\n    min  ~gzip  module (top ${top})`);
    for (const r of rows.sort((a, b) => b.gzip - a.gzip).slice(0, Number(top))) console.log(`${kb(r.min)} ${kb(share(r.gzip))}  ${r.id}`);
  } finally {
    await bundle.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
