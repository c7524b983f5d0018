/**
 * The architecture rules (issue 18): `scripts/check-layers.js` finds a forbidden import in each
 * layer, lets tests and stories through, and passes on the repository itself.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
// @ts-expect-error -- a plain ES module script without typings
import { checkLayers, importsOf } from '../../scripts/check-layers.js';

interface Violation {
  file: string;
  line: number;
  specifier: string;
  rule: string;
}
const check = checkLayers as (root: string) => Violation[];
const parse = importsOf as (text: string) => { specifier: string; line: number }[];

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('layer rules (npm run lint)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'chatdesk-layers-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const put = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };

  it('reads static, re-export, type-only and dynamic imports, not those in comments', () => {
    const found = parse(
      [
        "import { a } from './a.js';",
        "import type { B } from '../b.js';",
        "export * from './c.js';",
        '// import { no } from "./commented.js";',
        "/* import x from './block.js' */",
        "const d = await import('./d.js');",
        "import './side-effect.js';",
      ].join('\n'),
    );
    assert.deepEqual(
      found.map((f) => `${f.line}:${f.specifier}`),
      ['1:./a.js', '2:../b.js', '3:./c.js', '6:./d.js', '7:./side-effect.js'],
    );
  });

  it('finds each kind of violation with its file and line, and lets tests and stories through', () => {
    put('sdk/client.ts', "import { html } from 'lit';\nimport { X } from '../components/x.js';\n");
    put('sdk/client.test.ts', "import { core } from '../server/core/core.js';\n");
    put('components/x.ts', "import { y } from '../server/core/core.js';\n");
    put('components/x.stories.ts', "import { y } from '../server/core/core.js';\n");
    put('components/x.test-helpers.ts', "import { y } from '../server/core/core.js';\n");
    put(
      'server/core/core.ts',
      "import { readFileSync } from 'node:fs';\nimport crypto from 'crypto';\nimport { api } from '../api.js';\nimport { s } from './storage.js';\nimport { m } from '../../sdk/model.js';\n",
    );
    put('server/demo-data/seed.ts', "import { randomBytes } from 'node:crypto';\nimport { open } from '../db/open.js';\nimport { d } from '../core/derive.js';\nimport { r } from './random.js';\n");
    put('server/demo-data/seed.test.ts', "import { readFileSync } from 'node:fs';\n");
    put('server/core/in-process.ts', "import { createSeed } from '../demo-data/seed.js';\n");
    put('server/api.ts', "import { readFileSync } from 'node:fs';\nimport { core } from './core/core.js';\n");
    put('src/index.ts', "export * from '../server/core/in-process.js';\n");
    const found = check(dir).map((v) => `${v.file}:${v.line} ${v.specifier}`);
    assert.deepEqual(found.sort(), [
      'components/x.ts:1 ../server/core/core.js',
      'sdk/client.ts:1 lit',
      'sdk/client.ts:2 ../components/x.js',
      'server/core/core.ts:1 node:fs',
      'server/core/core.ts:2 crypto',
      'server/core/core.ts:3 ../api.js',
      'server/core/in-process.ts:1 ../demo-data/seed.js',
      'server/demo-data/seed.ts:1 node:crypto',
      'server/demo-data/seed.ts:2 ../db/open.js',
      'src/index.ts:1 ../server/core/in-process.js',
    ]);
  });

  it('the repository keeps its layers', () => {
    assert.deepEqual(check(ROOT), []);
  });
});
