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
  // The walls of the house (STYLE.md): only the shell, the Electron entry and the preload import
  // `electron`; the renderer reaches main only through src/shared; src/shared imports neither side;
  // query builders never import the driver (they return plain pipelines and find specs).
  {
    name: 'journey/walls/electron-only-in-the-shell',
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/main/shell/**', 'src/main/index.ts', 'src/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'Only src/main/shell, src/main/index.ts and the preload import electron.'
            }
          ],
          patterns: [{ group: ['electron/*'], message: 'Only the shell imports electron.' }]
        }
      ]
    }
  },
  {
    name: 'journey/walls/renderer-through-shared',
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'The renderer talks to main through src/shared contracts.'
            },
            { name: 'mongodb', message: 'The renderer never touches the database.' }
          ],
          patterns: [
            {
              group: ['**/main/**', '**/preload/index*', 'node:*'],
              message: 'The renderer imports only src/shared (and its own files).'
            }
          ]
        }
      ]
    }
  },
  {
    name: 'journey/walls/shared-imports-neither-side',
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'src/shared is imported by main and the renderer alike.' },
            { name: 'mongodb', message: 'src/shared is imported by the renderer too.' }
          ],
          patterns: [
            {
              group: ['**/main/**', '**/renderer/**', '**/preload/**', 'node:*'],
              message: 'src/shared imports neither main nor the renderer.'
            }
          ]
        }
      ]
    }
  },
  {
    name: 'journey/walls/builders-never-execute',
    files: ['src/main/engine/pipelines/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'mongodb', message: 'Query builders return pipelines; engines run them.' },
            { name: 'electron', message: 'Query builders are plain functions.' }
          ],
          patterns: [
            {
              group: ['**/engine/mongo/**', '**/engine/local/**', '**/services/**'],
              message: 'Query builders never import an engine or a service.'
            },
            {
              group: ['**/engine/reducers/**', '../reducers/*'],
              message:
                'Rules that pipelines and reducers share live in src/main/engine/rules; import them from there.'
            }
          ]
        }
      ]
    }
  },
  // The reducers are plain functions over documents: no driver, no engine, no pipeline builder.
  {
    name: 'journey/walls/reducers-stay-pure',
    files: ['src/main/engine/reducers/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'mongodb', message: 'Reducers consume documents; engines read them.' },
            { name: 'electron', message: 'Reducers are plain functions.' }
          ],
          patterns: [
            {
              group: [
                '**/engine/mongo/**',
                '**/engine/local/**',
                '**/engine/pipelines/**',
                '../pipelines/*',
                '**/services/**'
              ],
              message:
                'Reducers never import an engine, a pipeline builder or a service; shared rules live in src/main/engine/rules.'
            }
          ]
        }
      ]
    }
  },
  // The rules both strategies follow (ordering, cents, labels, conversions) import only src/shared.
  {
    name: 'journey/walls/rules-import-only-shared',
    files: ['src/main/engine/rules/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'mongodb', message: 'Rules are plain functions.' },
            { name: 'electron', message: 'Rules are plain functions.' }
          ],
          patterns: [
            {
              group: [
                '**/engine/mongo/**',
                '**/engine/local/**',
                '**/engine/pipelines/**',
                '**/engine/reducers/**',
                '**/services/**'
              ],
              message: 'Rules import only src/shared and each other.'
            },
            {
              regex: '^\\.\\./(?!\\.\\./\\.\\./shared/)',
              message: 'Rules import only src/shared and each other.'
            }
          ]
        }
      ]
    }
  },
  {
    name: 'journey/walls/tracker-has-no-dependencies',
    files: ['src/tracker/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\.)',
              message: 'The browser tracker has no runtime dependencies: it must stay under 5 KB.'
            },
            {
              regex: '^\\.\\./(?!shared/collector/)',
              message: 'The tracker imports only its own files and src/shared/collector.'
            },
            {
              regex: 'shared/collector/tracker-events$',
              allowTypeImports: true,
              message: 'Only the types of the zod schemas: zod must not reach the browser.'
            }
          ]
        }
      ]
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
