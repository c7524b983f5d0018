#!/usr/bin/env node
// Where the bytes of an entry are (issue 17): the entry bundled from its sources as the size check
// bundles it (dependencies in, lazy locale chunks and on-demand elements out, dynamic imports
// inlined), then each module's rendered code minified alone, with its estimated share of the
// entry's min+gzip (its own gzip size, scaled so the shares add up to the whole).
//
//   node scripts/size-modules.js src/index.ts [top=40]
//   node scripts/size-modules.js ./define/chat-window      (an export key works too)
//
// Shares are estimates (gzip shares strings across modules), good for ranking, not for budgets:
// measure a change with scripts/size.js.
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

async function main() {
  const [arg = '.', top = '40'] = process.argv.slice(2);
  const input = sourceOf(arg);
  const bundle = await rollup({
    input,
    external: (id) => isLocaleModule(id),
    onwarn: () => {},
    plugins: [lazyDefines, ...browserBundlePlugins()],
  });
  try {
    const { output } = await bundle.generate({ format: 'es', inlineDynamicImports: true });
    const [chunk] = output;
    const whole = await minify(chunk.code, terserOptions);
    const total = gzipSync(whole.code, { level: 9 }).length;
    const rows = [];
    for (const [id, m] of Object.entries(chunk.modules)) {
      if (!m.code) continue;
      // Alone, a module's exports look unused: keep them (no dead-code removal), mangle locals only.
      const r = await minify(m.code, { ...terserOptions, compress: { ...terserOptions.compress, unused: false, dead_code: false }, mangle: { toplevel: false } });
      rows.push({ id: path.relative(ROOT, id).replace(/^node_modules\//, 'node_modules:'), min: r.code.length, gzip: gzipSync(r.code, { level: 9 }).length });
    }
    const gzipSum = rows.reduce((s, r) => s + r.gzip, 0);
    const share = (g) => (g / gzipSum) * total;
    console.log(`${path.relative(ROOT, input)}: ${kb(whole.code.length).trim()} KB min, ${kb(total).trim()} KB min+gzip, ${rows.length} modules`);
    const groups = new Map();
    for (const r of rows) {
      const parts = r.id.split('/');
      const key = parts.length > 2 ? parts.slice(0, 2).join('/') : r.id;
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
