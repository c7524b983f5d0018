// `npm run analyze` (cem analyze): writes custom-elements.json from the elements' JSDoc.
// Storybook reads it (.storybook/preview.ts -> setCustomElementsManifest) for controls and docs;
// the package ships it ("customElements" in package.json, export "./custom-elements.json"), and
// scripts/frameworks.js generates the React, Vue and Svelte typings and the React wrappers from it.
//
// What the plugins below make of the analyzer's output:
// - chatdesk never registers a class in its own module: `src/define/<tag>.ts` calls
//   `defineElement('<tag>', Class)`. The analyzer only knows `customElements.define`, so each
//   class registered that way is marked as a custom element with its tag name; the definition the
//   analyzer reads inside `defineElement` itself (`customElements.define(tag, ctor)`) goes.
// - Module paths name files that ship: an element lives in `dist/define/<tag>.js` (which exports
//   the class and registers the tag), the base class in `dist/index.js`. Helper modules that are
//   not public API are left out.
// - Every element lists the global `--chatdesk-*` tokens (src/theme.ts: names and light defaults; src/token-docs.ts:
//   descriptions) besides its own custom properties.
import { tsImport } from 'tsx/esm/api';

/** @typedef {import('typescript')} TS */

const { LIGHT_TOKENS, DARK_TOKENS } = await tsImport('./src/theme.ts', import.meta.url);
const { TOKEN_DESCRIPTIONS } = await tsImport('./src/token-docs.ts', import.meta.url);

/** The base class every element inherits from, and the shipped module exporting it. */
const PUBLIC_BASES = new Map([['components/base.ts', 'dist/index.js']]);

/** `--chatdesk-*` tokens as manifest `cssProperties`. */
function tokenProperties() {
  return Object.entries(LIGHT_TOKENS).map(([name, light]) => {
    const dark = DARK_TOKENS[name];
    return {
      name,
      description: `Global token: ${TOKEN_DESCRIPTIONS[name]}${dark ? ` Dark theme: \`${dark}\`.` : ''}`,
      default: light,
      syntax: name.includes('-color-') ? '<color>' : undefined,
    };
  });
}

/**
 * Links `defineElement('tag', Class)` calls (src/define/*.ts) to the classes they register and
 * rewrites the manifest to the shipped files.
 * @returns {import('@custom-elements-manifest/analyzer').Plugin}
 */
function chatdeskManifest() {
  /** @type {Map<string, string>} class name -> tag */
  const tags = new Map();
  return {
    name: 'chatdesk-manifest',
    /** @param {{ ts: TS, node: import('typescript').Node }} arg */
    analyzePhase({ ts, node }) {
      if (!ts.isCallExpression(node)) return;
      const callee = node.expression;
      if (!ts.isIdentifier(callee) || callee.text !== 'defineElement') return;
      const [tag, ctor] = node.arguments;
      if (tag && ctor && ts.isStringLiteralLike(tag) && ts.isIdentifier(ctor)) tags.set(ctor.text, tag.text);
    },
    /** @param {{ customElementsManifest: any }} arg */
    packageLinkPhase({ customElementsManifest }) {
      const tokens = tokenProperties();
      /** @type {Map<string, string>} source module -> shipped module */
      const shipped = new Map(PUBLIC_BASES);
      const modules = [];
      for (const mod of customElementsManifest.modules ?? []) {
        if (mod.path.startsWith('src/define/')) continue;
        // `customElements.define(tag, ctor)` inside defineElement: not a definition of anything.
        mod.exports = (mod.exports ?? []).filter((e) => e.kind !== 'custom-element-definition');
        const elements = [];
        for (const decl of mod.declarations ?? []) {
          // `ChatdeskElement.emit(type, detail)` dispatches `new CustomEvent(type, ...)`: the analyzer
          // reads an event literally named "type" into the base class and every element. Each
          // element documents its real events with @fires.
          if (decl.events) {
            decl.events = decl.events.filter((e) => !(e.name === 'type' && (decl.name === 'ChatdeskElement' || e.inheritedFrom?.name === 'ChatdeskElement')));
            if (decl.events.length === 0) delete decl.events;
          }
          const tag = decl.kind === 'class' ? tags.get(decl.name) : undefined;
          if (tag) {
            decl.customElement = true;
            decl.tagName = tag;
            elements.push(decl);
          } else {
            delete decl.customElement;
            delete decl.tagName;
          }
        }
        if (elements.length === 1) {
          const [decl] = elements;
          const own = new Set((decl.cssProperties ?? []).map((p) => p.name));
          decl.cssProperties = [...(decl.cssProperties ?? []), ...tokens.filter((t) => !own.has(t.name))];
          const path = `dist/define/${decl.tagName}.js`;
          shipped.set(mod.path, path);
          modules.push({
            ...mod,
            path,
            declarations: [decl],
            exports: [
              { kind: 'js', name: decl.name, declaration: { name: decl.name, module: path } },
              { kind: 'custom-element-definition', name: decl.tagName, declaration: { name: decl.name, module: path } },
            ],
          });
        } else if (elements.length > 1) {
          throw new Error(`${mod.path}: one custom element per module expected, found ${elements.map((d) => d.name).join(', ')}`);
        } else if (PUBLIC_BASES.has(mod.path)) {
          const path = PUBLIC_BASES.get(mod.path);
          const declarations = (mod.declarations ?? []).filter((d) => d.kind === 'class');
          modules.push({
            ...mod,
            path,
            declarations,
            exports: declarations.map((d) => ({ kind: 'js', name: d.name, declaration: { name: d.name, module: path } })),
          });
        }
        // Other modules (helpers, sub-parts) are implementation details: not in the manifest.
      }
      // References (`inheritedFrom`, `superclass`) to the rewritten modules follow them.
      const relink = (ref) => {
        const source = ref?.module?.replace(/^\//, '').replace(/\.js$/, '.ts');
        if (source && shipped.has(source)) ref.module = shipped.get(source);
      };
      for (const mod of modules) {
        for (const decl of mod.declarations ?? []) {
          relink(decl.superclass);
          for (const list of [decl.members, decl.attributes, decl.events, decl.cssProperties, decl.cssParts, decl.slots]) {
            for (const item of list ?? []) relink(item.inheritedFrom);
          }
        }
      }
      customElementsManifest.modules = modules;
    },
  };
}

export default {
  globs: ['components/**/*.ts', 'src/define/*.ts'],
  exclude: ['**/*.test.ts', '**/*.test-helpers.ts', '**/*.messages.ts', '**/*.styles.ts', 'components/styles.ts', 'components/icons.ts', 'components/i18n.ts'],
  outdir: '.',
  litelement: true,
  // package.json already names custom-elements.json; do not rewrite it on every run.
  packagejson: false,
  plugins: [chatdeskManifest()],
};
