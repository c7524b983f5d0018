// ESLint flat config (ESLint 10 + typescript-eslint recommended; `tsc --noEmit` already runs as
// part of `npm run lint`). Type-aware rules run on shipped and server source only, where a promise
// nobody awaits or catches is a lost error (tests are excluded: node:test's describe/it return
// promises by design).
import { defineConfig } from 'eslint/config';
import { configs as litConfigs } from 'eslint-plugin-lit';
import { configs as wcConfigs } from 'eslint-plugin-wc';
import tseslint from 'typescript-eslint';

/** Shipped library code: explicit `any` is an error here (tests in these folders included). */
const LIBRARY = ['sdk/**/*.ts', 'src/**/*.ts', 'components/**/*.ts'];
/** Where custom elements and lit templates live: the lit and web-components rules apply here. */
const ELEMENTS = ['components/**/*.ts', 'src/**/*.ts'];

export default defineConfig(
  {
    ignores: [
      '**/node_modules/**',
      'dist/**',
      'build/**',
      'storybook-static/**',
      'coverage/**',
      '.chatdesk-data/**',
      '.size/**',
      '.test-results/**',
      // The interop apps (test/interop/apps) are checked by their own frameworks' tools.
      'test/interop/apps/**',
    ],
  },
  tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Elsewhere (server/, test/, stories/, scripts/) an explicit `any` is only a warning.
      '@typescript-eslint/no-explicit-any': 'warn',
    },
  },
  {
    files: LIBRARY,
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
  { ...litConfigs['flat/recommended'], files: ELEMENTS },
  {
    ...wcConfigs['flat/recommended'],
    files: ELEMENTS,
    // Every element extends ChatdeskElement (components/base.ts), a LitElement.
    settings: { wc: { elementBaseClasses: ['LitElement', 'ChatdeskElement'] } },
  },
  {
    files: ['sdk/**/*.ts', 'src/**/*.ts', 'components/**/*.ts', 'server/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.test-helpers.ts', '**/test-support.ts', '**/test-fixtures.ts', '**/*.stories.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
);
