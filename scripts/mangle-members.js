// Build-time shortening of private member names (issue 17). TypeScript's `private` and
// `protected` class members keep their long names in the built JavaScript (`this.pendingReveal`,
// `this.workingSet`): terser only shortens variables and `#private` fields. This module finds the
// members that are safe to rename and gives terser one fixed name for each (its property-mangling
// cache), so every chunk of a build (and the browser build) uses the same short name for the same
// member: a subclass or a controller in another chunk still finds it.
//
// A `private`/`protected` member name is renamed only when all of these hold:
//   - it has no decorator (lit's `@state()`/`@query()` register the name as a string);
//   - the same name is never a public member, an interface or type member, an object-literal key
//     or a destructured key anywhere in the sources (so data from the server, events' details,
//     options objects and public API are never touched);
//   - it never appears as a word inside a string or template literal (`changed.has('name')`,
//     `.name=${}` bindings, `obj['name']`);
//   - it never appears as a word in the dependencies that may stay external (lit, nanostores,
//     ky, valibot: lifecycle hooks like `render` or `hostUpdated` keep their names);
//   - it is not a DOM or built-in property name (terser's own list).
// The short names are chosen among words that are none of the above either, most used first.
// src/minified.test.ts renders the built elements beside the source ones.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_DIRS = ['src', 'sdk', 'components'];
const DEPENDENCY_DIRS = ['lit', 'lit-html', 'lit-element', '@lit', '@lit-labs', 'nanostores', '@nanostores', 'ky', 'valibot'];
const WORD = /[A-Za-z_$][\w$]*/g;

function files(dir, test) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, item.name);
    if (item.isDirectory()) {
      if (item.name !== 'node_modules' && !item.name.startsWith('.')) out.push(...files(full, test));
    } else if (test(item.name)) out.push(full);
  }
  return out;
}

const isSource = (f) => /\.ts$/.test(f) && !/\.(d|test|stories|test-helpers)\.ts$/.test(f);
const hasModifier = (node, kinds) => (ts.getModifiers?.(node) ?? []).some((m) => kinds.includes(m.kind));
const hasDecorator = (node) => (ts.getDecorators?.(node) ?? []).length > 0;
const PRIVATE = [ts.SyntaxKind.PrivateKeyword, ts.SyntaxKind.ProtectedKeyword];

/** Walks the sources: private/protected member names, every other property name, words in literals, use counts. */
function scanSources() {
  const hidden = new Set();
  const shown = new Set();
  const inStrings = new Set();
  const uses = new Map();
  for (const dir of SOURCE_DIRS) {
    for (const file of files(path.join(ROOT, dir), isSource)) {
      const text = readFileSync(file, 'utf8');
      const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
      const visit = (node) => {
        const name = node.name && ts.isIdentifier(node.name) ? node.name.text : null;
        if (
          ts.isStringLiteralLike(node) ||
          ts.isTemplateLiteralToken?.(node) ||
          node.kind === ts.SyntaxKind.TemplateHead ||
          node.kind === ts.SyntaxKind.TemplateMiddle ||
          node.kind === ts.SyntaxKind.TemplateTail
        ) {
          for (const w of (node.text ?? '').match(WORD) ?? []) inStrings.add(w);
        } else if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.name)) {
          uses.set(node.name.text, (uses.get(node.name.text) ?? 0) + 1);
        } else if (name && (ts.isPropertyDeclaration(node) || ts.isMethodDeclaration(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node)) && ts.isClassLike(node.parent)) {
          (hasModifier(node, PRIVATE) && !hasDecorator(node) ? hidden : shown).add(name);
        } else if (name && ts.isParameter(node) && ts.isConstructorDeclaration(node.parent) && hasModifier(node, [...PRIVATE, ts.SyntaxKind.PublicKeyword, ts.SyntaxKind.ReadonlyKeyword])) {
          (hasModifier(node, PRIVATE) && !hasDecorator(node) ? hidden : shown).add(name);
        } else if (
          name &&
          (ts.isPropertySignature(node) ||
            ts.isMethodSignature(node) ||
            ts.isPropertyAssignment(node) ||
            ts.isMethodDeclaration(node) ||
            ts.isGetAccessor(node) ||
            ts.isSetAccessor(node) ||
            ts.isEnumMember(node))
        ) {
          shown.add(name);
        } else if (ts.isShorthandPropertyAssignment(node)) {
          shown.add(node.name.text);
        } else if (ts.isBindingElement(node)) {
          const key = node.propertyName ?? node.name;
          if (ts.isIdentifier(key)) shown.add(key.text);
        }
        if (ts.isStringLiteral(node.name ?? {}) || ts.isComputedPropertyName(node.name ?? {})) {
          for (const w of node.name.getText(sf).match(WORD) ?? []) shown.add(w);
        }
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
  }
  return { hidden, shown, inStrings, uses };
}

function dependencyWords() {
  const words = new Set();
  for (const dep of DEPENDENCY_DIRS) {
    for (const file of files(path.join(ROOT, 'node_modules', dep), (f) => /\.(m?js|d\.m?ts)$/.test(f) && !f.includes('.min.'))) {
      if (statSync(file).size > 2_000_000) continue;
      for (const w of readFileSync(file, 'utf8').match(WORD) ?? []) words.add(w);
    }
  }
  return words;
}

/** `a`, `b`, ... `Z`, `aa`, `ab`, ...: the shortest property names first. */
function* shortNames() {
  const first = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$';
  const rest = first + '0123456789';
  for (const c of first) yield c;
  for (const a of first) for (const b of rest) yield a + b;
  for (const a of first) for (const b of rest) for (const c of rest) yield a + b + c;
}

let cached = null;

/** terser's list of DOM property names (its `tools/domprops.js`, not exported by the package). */
function domProperties() {
  const text = readFileSync(path.join(ROOT, 'node_modules/terser/tools/domprops.js'), 'utf8');
  return [...text.matchAll(/"([^"\\]+)"/g)].map((m) => m[1]);
}

/**
 * The names to shorten and their short names (computed once per process).
 * @returns {{ names: Map<string, string>, regex: RegExp }}
 */
export function memberNames() {
  if (cached) return cached;
  const builtins = new Set(domProperties());
  for (const ctor of [Object, Array, Function, String, Number, Boolean, RegExp, Date, Map, Set, WeakMap, Promise, Error, Symbol, JSON, Math, Reflect]) {
    for (const o of [ctor, ctor.prototype]) if (o) for (const k of Object.getOwnPropertyNames(o)) builtins.add(k);
  }
  const { hidden, shown, inStrings, uses } = scanSources();
  const deps = dependencyWords();
  const taken = (w) => shown.has(w) || hidden.has(w) || inStrings.has(w) || deps.has(w) || builtins.has(w);
  const safe = [...hidden].filter((n) => !shown.has(n) && !inStrings.has(n) && !deps.has(n) && !builtins.has(n) && n.length > 2);
  safe.sort((a, b) => (uses.get(b) ?? 0) - (uses.get(a) ?? 0) || a.localeCompare(b));
  const names = new Map();
  const pool = shortNames();
  for (const name of safe) {
    let short;
    do short = pool.next().value;
    while (taken(short));
    names.set(name, short);
  }
  const escaped = [...names.keys()].map((n) => n.replace(/\$/g, '\\$'));
  cached = { names, regex: new RegExp(`^(?:${escaped.join('|') || '(?!)'})$`) };
  return cached;
}

/**
 * terser options that rename those members: `mangle.properties` limited to them, with a cache
 * (terser's property name cache, one object per minify call) that fixes each one's short name.
 */
export function memberMangling() {
  const { names, regex } = memberNames();
  const props = Object.fromEntries([...names].map(([name, short]) => [`$${name}`, short]));
  return { mangle: { properties: { regex, cache: { props } } } };
}

// Short names for the private `--_*` custom properties (issue 17). Every element's styles read the
// tokens through private aliases (`var(--_color-text-muted)`, 88 times); components/styles.ts makes
// the aliases at runtime from LIGHT_TOKENS. The build names them `--_<position in LIGHT_TOKENS,
// base 36>` instead (`--_6`) and the other private properties (`--_gap`, `--_badge-size`) `--_A`,
// `--_B`... (most used first); a name that a script also writes (a JS string or an html template,
// not a `css` one: `var(--_color-tag-text-dark)` in a style attribute) keeps its long name.
const STYLES_FILE = path.join(ROOT, 'components/styles.ts');
const LONG_ALIASES_SOURCE = 'const LONG_ALIASES = null as readonly number[] | null;';
const CSS_NAME = /--_([A-Za-z][\w-]*)/g;

let cssCached = null;

/**
 * The private custom property names to shorten (`color-bg` -> `0`) and the positions of the token
 * aliases that keep their long name.
 * @returns {{ names: Map<string, string>, long: number[] }}
 */
export function privateCssTable() {
  if (cssCached) return cssCached;
  const light = /export const LIGHT_TOKENS = \{([^}]*)\}/.exec(readFileSync(STYLES_FILE, 'utf8'));
  if (!light) throw new Error('privateCssNames: no LIGHT_TOKENS in components/styles.ts');
  const tokens = [...light[1].matchAll(/'--chatdesk-([\w-]+)': /g)].map((m) => m[1]);
  const uses = new Map();
  const scripted = new Set();
  for (const dir of SOURCE_DIRS) {
    for (const file of files(path.join(ROOT, dir), isSource)) {
      const text = readFileSync(file, 'utf8');
      if (!text.includes('--_')) continue;
      const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
      const visit = (node, inCss) => {
        if (ts.isTaggedTemplateExpression(node)) {
          const css = ts.isIdentifier(node.tag) && node.tag.text === 'css';
          ts.forEachChild(node, (child) => visit(child, css));
          return;
        }
        if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
          for (const m of node.text.matchAll(CSS_NAME)) {
            uses.set(m[1], (uses.get(m[1]) ?? 0) + 1);
            if (!inCss) scripted.add(m[1]);
          }
        }
        ts.forEachChild(node, (child) => visit(child, inCss && !ts.isCallExpression(child)));
      };
      visit(sf, false);
    }
  }
  const names = new Map();
  const long = [];
  tokens.forEach((token, i) => {
    if (scripted.has(token)) long.push(i);
    else names.set(token, i.toString(36));
  });
  const others = [...uses.keys()].filter((n) => !tokens.includes(n) && !scripted.has(n)).sort((a, b) => uses.get(b) - uses.get(a) || a.localeCompare(b));
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  others.forEach((name, i) => names.set(name, letters[i % 26] + (i >= 26 ? Math.floor(i / 26) : '')));
  cssCached = { names, long };
  return cssCached;
}

/** A map that sends each line to the same line of the source (the renames never cross a line). */
function lineMap(code, id) {
  const lines = code.split('\n').length;
  return { version: 3, sources: [id], names: [], mappings: 'AAAA' + ';AACA'.repeat(lines - 1) };
}

/** The rollup plugin: renames the private custom properties in every module (place it first). */
export function privateCssNames() {
  return {
    name: 'chatdesk:private-css-names',
    transform(code, id) {
      if (!/\.ts$/.test(id) || id.includes('node_modules')) return null;
      const { names, long } = privateCssTable();
      let out = code.includes('--_') ? code.replace(CSS_NAME, (all, name) => (names.has(name) ? `--_${names.get(name)}` : all)) : code;
      if (path.resolve(id) === STYLES_FILE) {
        if (!out.includes(LONG_ALIASES_SOURCE)) throw new Error(`privateCssNames: ${LONG_ALIASES_SOURCE} is not in components/styles.ts`);
        out = out.replace(LONG_ALIASES_SOURCE, `const LONG_ALIASES = [${long.join(', ')}] as readonly number[] | null;`);
      }
      return out === code ? null : { code: out, map: lineMap(out, id) };
    },
  };
}
