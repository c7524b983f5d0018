// `npm run analyze` (cem analyze): writes custom-elements.json from the elements' JSDoc.
// Storybook reads it (.storybook/preview.ts -> setCustomElementsManifest) for controls and docs;
// the package ships it ("customElements" in package.json).
//
// chatdesk never registers a class in its own module: `src/define/<tag>.ts` calls
// `defineElement('<tag>', Class)`. The analyzer only knows `customElements.define`, so the
// plugin below reads those calls and marks each class as a custom element with its tag name.

/** @typedef {import('typescript')} TS */

/**
 * Links `defineElement('tag', Class)` calls (src/define/*.ts) to the classes they register.
 * @returns {import('@custom-elements-manifest/analyzer').Plugin}
 */
function chatdeskDefineElement() {
  /** @type {Map<string, string>} class name -> tag */
  const tags = new Map();
  return {
    name: 'chatdesk-define-element',
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
      for (const mod of customElementsManifest.modules ?? []) {
        for (const decl of mod.declarations ?? []) {
          // `ChatdeskElement.emit(type, detail)` dispatches `new CustomEvent(type, ...)`: the analyzer
          // reads an event literally named "type" into the base class and every element. Each
          // element documents its real events with @fires.
          if (decl.events) {
            decl.events = decl.events.filter(
              (e) => !(e.name === 'type' && (decl.name === 'ChatdeskElement' || e.inheritedFrom?.name === 'ChatdeskElement')),
            );
            if (decl.events.length === 0) delete decl.events;
          }
          const tag = decl.kind === 'class' ? tags.get(decl.name) : undefined;
          if (!tag) continue;
          decl.customElement = true;
          decl.tagName = tag;
          mod.exports ??= [];
          if (!mod.exports.some((e) => e.kind === 'custom-element-definition' && e.name === tag)) {
            mod.exports.push({ kind: 'custom-element-definition', name: tag, declaration: { name: decl.name, module: mod.path } });
          }
        }
      }
      // The define modules only register: drop them from the manifest (the classes carry the tags).
      customElementsManifest.modules = (customElementsManifest.modules ?? []).filter((m) => !m.path.startsWith('src/define/'));
    },
  };
}

export default {
  globs: ['components/**/*.ts', 'src/define/*.ts'],
  exclude: ['**/*.test.ts', '**/*.messages.ts', '**/*.styles.ts', 'components/styles.ts', 'components/icons.ts', 'components/i18n.ts'],
  outdir: '.',
  litelement: true,
  // package.json already names custom-elements.json; do not rewrite it on every run.
  packagejson: false,
  plugins: [chatdeskDefineElement()],
};
