#!/usr/bin/env node
// lit-analyzer --strict over components/**/*.ts (template type checking for lit).
// Skips cleanly when there are no component files yet; exits non-zero on errors
// (warnings are printed but do not fail). Extra CLI args are passed through, e.g.
//   node scripts/lit-analyze.js --rules.no-unknown-tag-name off
//
// `no-invalid-css` is off: lit-analyzer 2.0.3 validates css`` with an old
// vscode-css-languageservice and reports valid code as errors - declarations
// interpolated inside a rule (`:host { ${unsafeCSS(tokens)} color: red; }`),
// @layer, @container, @starting-style, text-wrap, anchor positioning
// (runem/lit-analyzer#367). Pass `--rules.no-invalid-css error` to see it anyway.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROOTS = ['components'];
const DEFAULT_RULES = ['--rules.no-invalid-css', 'off'];

function collect(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    if (item.name === 'node_modules' || item.name.startsWith('.')) continue;
    const full = path.join(dir, item.name);
    if (item.isDirectory()) collect(full, out);
    else if (item.name.endsWith('.ts') && !item.name.endsWith('.d.ts')) out.push(path.relative(ROOT, full));
  }
  return out;
}

const files = ROOTS.flatMap((r) => collect(path.join(ROOT, r))).sort();
if (files.length === 0) {
  console.log(`lit-analyzer: skipped (no ${ROOTS.map((r) => `${r}/**/*.ts`).join(', ')} files yet)`);
  process.exit(0);
}

const cli = path.join(path.dirname(createRequire(import.meta.url).resolve('lit-analyzer/package.json')), 'cli.js');
console.log(`lit-analyzer --strict: ${files.length} file(s)`);
const result = spawnSync(process.execPath, [cli, '--strict', '--format', 'code', ...DEFAULT_RULES, ...process.argv.slice(2), ...files], {
  cwd: ROOT,
  stdio: 'inherit',
});
if (result.status !== 0) {
  console.error(`lit-analyzer failed (exit ${result.status ?? result.signal})`);
  process.exit(result.status || 1);
}
