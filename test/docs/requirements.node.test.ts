/**
 * The requirements the tests cite live in the repository (issue 18): `docs/requirements.md` defines
 * every behaviour ID, and every ID a test name starts with (`it('S5: ...')`, `it('D1-D3 ...')`) is
 * one of them, so an ID read in a test report can be looked up from a clone.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SKIP = new Set(['node_modules', 'dist', 'build', 'storybook-static', '.git']);

function* testFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name) || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* testFiles(full);
    else if (/\.test\.ts$/.test(name)) yield full;
  }
}

/** IDs defined in the requirements: `- **N1** ...`, `- **H1 Reassign** ...` or, for ours, `- [**L6** ...]`. */
function definedIds(markdown: string): Set<string> {
  return new Set([...markdown.matchAll(/^- \[?\*\*([A-Z]\d{1,2})\b/gm)].map((m) => m[1]!));
}

/**
 * The IDs a test name starts with: one or more IDs, ranges (`D1-D3`) and lists (`T2/T3`, `L1, N2`)
 * before the first `:` or space that is not part of the list.
 */
export function citedIds(name: string): string[] {
  const lead = /^([A-Z]\d{1,2}(?:\s*(?:[-–/,]|and)\s*[A-Z]\d{1,2})*)(?=[\s:(,.]|$)/.exec(name);
  return lead ? [...lead[1]!.matchAll(/[A-Z]\d{1,2}/g)].map((m) => m[0]) : [];
}

describe('requirements in the repository', () => {
  const defined = definedIds(readFileSync(path.join(ROOT, 'docs/requirements.md'), 'utf8'));

  it('docs/requirements.md defines the 48 behaviours of the seed', () => {
    assert.equal(defined.size, 48);
    for (const id of ['N1', 'N2', 'C1', 'C2', 'H6', 'L6', 'W2', 'M2', 'D4', 'F6', 'T8', 'P4', 'S6']) assert.ok(defined.has(id), id);
  });

  it('reads the IDs a test name starts with', () => {
    assert.deepEqual(citedIds('S5: retry only when it can succeed'), ['S5']);
    assert.deepEqual(citedIds('D1-D3 select and delete'), ['D1', 'D3']);
    assert.deepEqual(citedIds('T2/T3: tag search'), ['T2', 'T3']);
    assert.deepEqual(citedIds('L1, N2 and T7 counts'), ['L1', 'N2', 'T7']);
    assert.deepEqual(citedIds('H1 (reassign) hides history'), ['H1']);
    assert.deepEqual(citedIds('the header shows N2'), []);
    assert.deepEqual(citedIds('F6 moves to the next pane'), ['F6']);
  });

  it('every ID a test name cites is defined there', () => {
    const unknown: string[] = [];
    let cited = 0;
    for (const file of testFiles(ROOT)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bit\(\s*(['"`])((?:(?!\1).)*)\1/g)) {
        for (const id of citedIds(m[2]!)) {
          cited++;
          if (!defined.has(id)) unknown.push(`${path.relative(ROOT, file)}: ${id} in '${m[2]}'`);
        }
      }
    }
    assert.ok(cited > 100, `test names cite requirement IDs (${cited} found)`);
    assert.deepEqual(unknown, []);
  });
});
