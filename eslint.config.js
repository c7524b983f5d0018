// ESLint flat config (ESLint 10 + typescript-eslint recommended, not type-aware:
// `tsc --noEmit` already runs as part of `npm run lint`).
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Shipped library code: explicit `any` is an error here (tests in these folders included). */
const LIBRARY = ['sdk/**/*.ts', 'src/**/*.ts', 'components/**/*.ts'];

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
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Elsewhere (server/, test/, stories/, scripts/) an explicit `any` is only a warning.
      '@typescript-eslint/no-explicit-any': 'warn',
    },
  },
  {
    files: LIBRARY,
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
);
