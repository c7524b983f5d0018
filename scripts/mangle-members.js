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
