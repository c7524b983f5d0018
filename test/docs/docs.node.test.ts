/**
 * The guides (docs/*.md, shown in Storybook as Guides) and the custom-elements manifest stay in
 * step with the code (issue 16): every token in the theming guide, every guide a Storybook page and
 * linked from the README, every entry a guide names exported, every part a template uses documented.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LIGHT_TOKENS } from '../../src/theme.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const GUIDES = ['html', 'react', 'vue', 'angular', 'svelte', 'theming', 'localization'];

describe('guides', () => {
  it('each guide exists, is a Storybook docs page, and is linked from the README', () => {
    const readme = read('README.md');
    for (const name of GUIDES) {
      assert.ok(existsSync(path.join(ROOT, `docs/${name}.md`)), `docs/${name}.md`);
      assert.match(read(`.storybook/guides/${name}.mdx`), new RegExp(`docs/${name}\\.md\\?raw`), `.storybook/guides/${name}.mdx shows docs/${name}.md`);
      assert.ok(readme.includes(`(docs/${name}.md)`), `README links docs/${name}.md`);
    }
  });

  it('the theming guide lists every token', () => {
    const theming = read('docs/theming.md');
    const missing = Object.keys(LIGHT_TOKENS).filter((t) => !theming.includes(`\`${t}\``));
    assert.deepEqual(missing, []);
  });

  it('every chatdesk/... entry a guide names is exported by package.json', () => {
    const exported = new Set(Object.keys((JSON.parse(read('package.json')) as { exports: Record<string, unknown> }).exports));
    for (const name of [...GUIDES, '../README']) {
      const text = read(name === '../README' ? 'README.md' : `docs/${name}.md`);
      for (const m of text.matchAll(/['"`](chatdesk(?:\/[\w/.-]+)?)['"`]/g)) {
        const entry = m[1] === 'chatdesk' ? '.' : `.${m[1]!.slice('chatdesk'.length)}`;
        const ok = exported.has(entry) || [...exported].some((e) => e.includes('*') && entry.startsWith(e.slice(0, e.indexOf('*'))));
        assert.ok(ok, `${name}: ${m[1]} is an export of package.json`);
      }
    }
  });
});

describe('custom-elements.json', () => {
  function manifest(): { modules: { path: string; declarations?: { tagName?: string; cssParts?: { name: string }[] }[] }[] } {
    if (!existsSync(path.join(ROOT, 'custom-elements.json'))) {
      const cem = path.join(ROOT, 'node_modules/@custom-elements-manifest/analyzer/cem.js');
      spawnSync(process.execPath, [cem, 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet'], { cwd: ROOT, stdio: 'inherit' });
    }
    return JSON.parse(read('custom-elements.json'));
  }

  it('documents every part the element templates use', () => {
    const m = manifest();
    for (const mod of m.modules) {
      for (const d of mod.declarations ?? []) {
        if (!d.tagName || d.tagName === 'chat-provider') continue;
        const folder = path.join(
          ROOT,
          'components',
          readdirSync(path.join(ROOT, 'components')).find((f) => existsSync(path.join(ROOT, 'components', f, `${f}.ts`)) && read(`components/${f}/${f}.ts`).includes(`'${d.tagName}'`)) ?? '',
        );
        assert.ok(existsSync(folder), `the source folder of <${d.tagName}>`);
        const used = new Set<string>();
        for (const file of readdirSync(folder).filter((f) => f.endsWith('.ts') && !f.includes('.test'))) {
          const src = readFileSync(path.join(folder, file), 'utf8');
          // Static names only: `status-${state}` variants are listed by hand in the JSDoc.
          for (const p of src.matchAll(/part="([^"]+)"/g)) {
            for (const n of p[1]!.split(/\s+/)) if (/^[a-z][a-z-]*[a-z]$/.test(n)) used.add(n);
          }
          for (const p of src.matchAll(/part=\$\{([^}]+)\}/g)) for (const q of p[1]!.matchAll(/'([a-z- ]+)'/g)) for (const n of q[1]!.split(/\s+/)) if (n) used.add(n);
          for (const p of src.matchAll(/parts\.push\('([a-z-]+)'\)/g)) used.add(p[1]!);
        }
        const documented = new Set((d.cssParts ?? []).map((p) => p.name));
        const undocumented = [...used].filter((n) => !documented.has(n));
        assert.deepEqual(undocumented, [], `<${d.tagName}>: parts used in templates without @csspart`);
      }
    }
  });

  it('names files that ship, and no definition of a tag called "tag"', () => {
    const m = manifest();
    for (const mod of m.modules) assert.match(mod.path, /^dist\/(define\/[a-z-]+|index)\.js$/);
    assert.ok(!m.modules.some((mod) => mod.declarations?.some((d) => d.tagName === 'tag')));
  });
});
