// The API reference (TypeDoc), written to build/api/ by `npm run build` (scripts/build.js) and
// `npm run docs:api`: the package entry (elements, SDK, locales, theme), the headless SDK
// (`chatdesk/sdk`) and its HTTP transport (`chatdesk/sdk/http`), from their TSDoc comments.
import { OptionDefaults } from 'typedoc';

/** @type {Partial<import('typedoc').TypeDocOptions>} */
export default {
  name: 'chatdesk API reference',
  entryPoints: ['src/index.ts', 'sdk/index.ts', 'sdk/transport/index.ts'],
  tsconfig: 'tsconfig.build.json',
  out: 'build/api',
  readme: 'none',
  // `tsc` already checks the code; TypeDoc only documents it.
  skipErrorChecking: true,
  excludePrivate: true,
  excludeProtected: true,
  excludeInternal: true,
  excludeExternals: true,
  githubPages: false,
  // The custom-elements tags (read by `cem analyze` for the manifest and Storybook).
  blockTags: [...OptionDefaults.blockTags, '@cssprop', '@csspart', '@slot', '@fires', '@summary', '@attribute', '@tag'],
  // Lit's own comments (inherited `static styles`) link to symbols outside this package.
  validation: { notExported: false, invalidLink: false, notDocumented: false },
  logLevel: 'Warn',
};
