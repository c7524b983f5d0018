#!/usr/bin/env node
// lit-analyzer --strict over components/**/*.ts (template type checking for lit).
// Skips cleanly when there are no component files yet. Warnings are errors (issue 18): the run
// fails on any problem except the few listed in ALLOWED below, each with its reason (lit-analyzer
// has no inline disable comment, and `--maxWarnings 0` alone cannot make an exception). Extra CLI
// args are passed through, e.g.
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

/**
 * Problems that are not mistakes: `file` (relative, `/` separators) and the exact message.
 * - filter-panel-content (the filter panel's groups): `<tag-filter>` is loaded lazily on purpose (its own chunk, registered the first
 *   time the panel opens through `loadTagFilterWith`, see src/define/dialog-list.ts); a static
 *   import would put it back into the dialog-list bundle.
 */
const ALLOWED = [{ file: 'components/dialog-list/filter-panel-content.ts', message: 'Missing import for <tag-filter>' }];

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
// `list` output is one line per problem under its file's line, which is what the check below reads.
const result = spawnSync(process.execPath, [cli, '--strict', '--format', 'list', ...DEFAULT_RULES, ...process.argv.slice(2), ...files], {
  cwd: ROOT,
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
process.stdout.write(result.stdout ?? '');
process.stderr.write(result.stderr ?? '');
if (result.status !== 0) {
  console.error(`lit-analyzer failed (exit ${result.status ?? result.signal})`);
  process.exit(result.status || 1);
}

/** Every reported problem: file, line:col, severity, message. */
const problems = [];
let file = '';
for (const line of (result.stdout ?? '').split(/\r?\n/)) {
  // Colours off in a pipe; strip any escape codes anyway.
  const plain = line.replace(/\u001b\[[0-9;]*m/g, '');
  const header = /^\.\/(\S.*\.ts)\s*$/.exec(plain);
  if (header) {
    file = header[1];
    continue;
  }
  const p = /^\s+(\d+:\d+)\s+(warning|error)\s+(.*?)\s*$/.exec(plain);
  if (p) problems.push({ file, at: p[1], severity: p[2], message: p[3] });
}
const unexpected = problems.filter((p) => !ALLOWED.some((a) => a.file === p.file && a.message === p.message));
if (unexpected.length > 0) {
  console.error(`lit-analyzer: ${unexpected.length} problem(s); warnings are errors here:`);
  for (const p of unexpected) console.error(`  ${p.file}:${p.at} ${p.severity}: ${p.message}`);
  process.exit(1);
}
const allowed = problems.length - unexpected.length;
console.log(`lit-analyzer: no problems${allowed ? ` (${allowed} allowed, see ALLOWED in scripts/lit-analyze.js)` : ''}`);
