import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import reactRefresh from 'eslint-plugin-react-refresh';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig([
  globalIgnores(['dist', 'dist-cli', 'bench/dist', 'node_modules', 'test-results', 'playwright-report', 'reports']),
  {
    files: ['**/*.{js,mjs,cjs,ts,mts,cts,tsx}'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: { ecmaVersion: 2022 },
    rules: {
      // a leading underscore marks a binding left out on purpose (rest destructuring)
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Browser app and workers.
    files: ['src/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
  },
  {
    files: ['src/**/*.tsx'],
    extends: [reactRefresh.configs.vite],
  },
  {
    // The layering (ARCHITECTURE.md): the engine runs in workers and the CLI only, so the page's
    // code (views, stores, tours) never imports the step runner; tests may.
    files: ['src/ui/**/*.{ts,tsx}', 'src/store/**/*.ts', 'src/builder/**/*.ts', 'src/tours/**/*.ts'],
    ignores: ['**/*.test.{ts,tsx}', 'src/tours/build-data.ts', 'src/tours/resolve.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)engine/(run|engine)$', allowTypeImports: true, message: 'the engine runs in a worker: ask the worker (src/worker) or compute at build time (src/tours/build-data.ts)' },
            { regex: '(^|/)export/c(/index)?$', allowTypeImports: true, message: 'the C export runs the engine: ask src/worker/export-c-client.ts' },
          ],
        },
      ],
    },
  },
  {
    // The engine imports nothing above it.
    files: ['src/engine/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)(ui|store|worker|cli|explain|export|builder|tours|compare|explore)/', message: 'the engine imports nothing above it (ARCHITECTURE.md)' }] }],
    },
  },
  {
    // Node-side code: CLI, e2e, benchmarks, configs, scripts.
    files: ['src/cli/**/*.ts', 'tools/**/*.{ts,mjs}', 'e2e/**/*.ts', 'bench/**/*.ts', '*.config.{js,ts}', 'scripts/**/*.{js,mjs}', 'bin/**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
]);
