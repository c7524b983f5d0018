#!/usr/bin/env node
// npm run build
//   1. cem analyze                  -> custom-elements.json (custom-elements-manifest.config.mjs)
//   2. tsc -p tsconfig.build.json   -> dist/types/**.d.ts (src, sdk, components only)
//   3. rollup (rollup.config.js)    -> dist/*.js minified ESM, dependencies external
//   4. rollup, browser build        -> dist/browser/chatdesk.js, self-contained (no bundler needed)
//   5. frameworks (scripts/frameworks.js, from custom-elements.json) -> React 19 JSX, Vue and
//      Svelte typings, @lit/react wrappers (dist/react.js)
//   6. API reference (TypeDoc, typedoc.config.mjs) -> build/api/index.html
//   7. size table and check (scripts/size.js) -> min+gzip per entry, with dependencies bundled,
//      against its budget and its goal; fails over a budget (or for an entry without one)
// Where the bytes of one entry are: node scripts/size-modules.js <entry> (per module, estimated gzip share).
// Flags: --no-size (skip step 7; `npm test` runs `size --check` itself).
// Missing entry points are skipped with a message instead of failing.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { rollup } from 'rollup';
import { BROWSER_ENTRY, DIST, ROOT, createBrowserConfig, createConfig } from '../rollup.config.js';
import { generateFrameworks } from './frameworks.js';
import { sizeReport } from './size.js';

const require = createRequire(import.meta.url);
const DECLARATION_ROOTS = ['src', 'sdk', 'components'];

function hasDeclarationInputs(dir) {
  if (!existsSync(dir)) return false;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    if (item.name === 'node_modules' || item.name.startsWith('.')) continue;
    const full = path.join(dir, item.name);
    if (item.isDirectory()) {
      if (hasDeclarationInputs(full)) return true;
    } else if (/\.tsx?$/.test(item.name) && !/\.(d|test|stories)\.tsx?$/.test(item.name)) {
      return true;
    }
  }
  return false;
}

function step(title) {
  console.log(`\n▸ ${title}`);
}

async function main() {
  const withSize = !process.argv.includes('--no-size');
  const started = Date.now();
  rmSync(DIST, { recursive: true, force: true });

  step('manifest: cem analyze');
  {
    const cem = require.resolve('@custom-elements-manifest/analyzer/cem.js');
    const result = spawnSync(process.execPath, [cem, 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet'], { cwd: ROOT, stdio: 'inherit' });
    if (result.status !== 0) {
      console.error(`build failed: cem analyze exited with ${result.status ?? result.signal}`);
      return 1;
    }
    console.log('custom-elements.json written');
  }

  step('declarations: tsc -p tsconfig.build.json');
  if (DECLARATION_ROOTS.some((d) => hasDeclarationInputs(path.join(ROOT, d)))) {
    const tsc = require.resolve('typescript/bin/tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
    if (result.status !== 0) {
      console.error(`build failed: tsc -p tsconfig.build.json exited with ${result.status ?? result.signal}`);
      return 1;
    }
    console.log('dist/types written');
  } else {
    console.log(`skipped: no .ts files in ${DECLARATION_ROOTS.join('/, ')}/`);
  }

  step('bundle: rollup');
  const config = createConfig();
  if (!config) {
    console.log('skipped: no entry points exist yet');
  } else {
    const bundle = await rollup(config);
    try {
      const { output } = await bundle.write(config.output);
      const files = output.filter((o) => o.type === 'chunk').map((o) => `dist/${o.fileName}`);
      console.log(`wrote ${files.length} file(s): ${files.join(', ')}`);
    } finally {
      await bundle.close();
    }
  }

  step('browser build: rollup (dependencies inlined)');
  const browserConfig = createBrowserConfig();
  if (!browserConfig) {
    console.log(`skipped: no ${BROWSER_ENTRY.source}`);
  } else {
    const bundle = await rollup(browserConfig);
    try {
      await bundle.write(browserConfig.output);
      console.log(`wrote ${BROWSER_ENTRY.output}`);
    } finally {
      await bundle.close();
    }
  }

  step('frameworks: typings and React wrappers from custom-elements.json');
  {
    const { elements, written } = await generateFrameworks();
    console.log(`${elements.length} elements: wrote ${written.length} files (${written.filter((f) => f.endsWith('.js')).join(', ')}, dist/types/frameworks/*.d.ts)`);
  }

  step('API reference: typedoc -> build/api');
  {
    const typedoc = path.join(ROOT, 'node_modules/typedoc/bin/typedoc');
    const result = spawnSync(process.execPath, [typedoc, '--options', 'typedoc.config.mjs'], { cwd: ROOT, stdio: 'inherit' });
    if (result.status !== 0) {
      console.error(`build failed: typedoc exited with ${result.status ?? result.signal}`);
      return 1;
    }
    console.log('build/api/index.html written');
  }

  if (withSize && config) {
    step('size (min+gzip, dependencies bundled; budgets and goals in package.json chatdesk)');
    const { ok } = await sizeReport({ check: true });
    if (!ok) {
      console.error('build failed: over a size budget (see above)');
      return 1;
    }
  }
  console.log(`\nbuild done in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error('build failed:', error?.message ?? error);
    if (error?.frame) console.error(error.frame);
    process.exit(1);
  },
);
