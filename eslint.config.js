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
    // Node-side code: CLI, e2e, benchmarks, configs, scripts.
    files: ['src/cli/**/*.ts', 'tools/**/*.{ts,mjs}', 'e2e/**/*.ts', 'bench/**/*.ts', '*.config.{js,ts}', 'scripts/**/*.{js,mjs}', 'bin/**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
]);
