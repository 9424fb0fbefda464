// ESLint flat config. TypeScript gets the type-checked strict and stylistic rules (types from the
// project's tsconfigs via projectService); plain .mjs/.js scripts get the basic JavaScript rules only.
import js from '@eslint/js'
import { defineConfig } from 'eslint/config'
import prettier from 'eslint-config-prettier/flat'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

/** The Node globals our scripts use (kept here rather than depending on the `globals` package). */
const nodeGlobals = Object.fromEntries(
  [
    'AbortController',
    'AbortSignal',
    'Buffer',
    'URL',
    'URLSearchParams',
    'TextDecoder',
    'TextEncoder',
    'clearImmediate',
    'clearInterval',
    'clearTimeout',
    'console',
    'fetch',
    'globalThis',
    'performance',
    'process',
    'queueMicrotask',
    'setImmediate',
    'setInterval',
    'setTimeout',
    'structuredClone'
  ].map((name) => [name, 'readonly'])
)

export default defineConfig(
  {
    name: 'journey/ignores',
    ignores: [
      'out/',
      'dist/',
      'node_modules/',
      'resources/',
      'bench/reports/',
      'test-results/',
      'playwright-report/',
      '.tmp/',
      '**/*.tsbuildinfo'
    ]
  },
  {
    name: 'journey/all-files',
    linterOptions: { reportUnusedDisableDirectives: 'error' }
  },
  {
    name: 'journey/typescript',
    files: ['**/*.{ts,tsx,mts,cts}'],
    extends: [
      js.configs.recommended,
      tseslint.configs.strictTypeChecked,
      tseslint.configs.stylisticTypeChecked
    ],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname }
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }
      ],
      // Contradicts strict's no-non-null-assertion (one demands `x!`, the other forbids it); we keep
      // the strict rule, so `arr[i] as T` under noUncheckedIndexedAccess stays allowed.
      '@typescript-eslint/non-nullable-type-assertion-style': 'off',
      // Numbers read fine in messages; other non-strings still need an explicit String(...).
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }]
    }
  },
  {
    name: 'journey/renderer-react-hooks',
    files: ['src/renderer/**/*.{ts,tsx}'],
    extends: [reactHooks.configs['recommended-latest']]
  },
  {
    name: 'journey/playwright-fixtures',
    files: ['tests/e2e/**/*.ts'],
    // Playwright reads a fixture's dependencies from its first parameter, so `async ({}, use)` is idiomatic.
    rules: { 'no-empty-pattern': 'off' }
  },
  {
    name: 'journey/javascript',
    files: ['**/*.{js,mjs,cjs}'],
    extends: [js.configs.recommended],
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module', globals: nodeGlobals }
  },
  { name: 'journey/prettier', ...prettier }
)
