import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'bench/results/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
      '**/.cache/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'max-params': ['error', 4],
    },
  },
  {
    // Contracts and the platform-free runtime core never touch Node or the DOM directly.
    files: ['packages/shared/src/**/*.ts', 'packages/runtime/src/**/*.ts'],
    ignores: ['**/*.test.ts', 'packages/runtime/src/node/**', 'packages/runtime/src/node.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'os', 'worker_threads'],
              message: 'Node APIs live behind the host seam (src/node/).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/shared/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@zerolab/runtime', '@zerolab/server', '@zerolab/web', 'node:*'],
              message: 'shared holds contracts only.',
            },
          ],
        },
      ],
    },
  },
  {
    // Web feature folders meet only at their entry points (features/<name>/index.ts).
    files: ['apps/web/src/features/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./[^./][^/]*/(?!index\\.ts$)',
              message: "Import another feature through its entry point: '../<feature>/index.ts'.",
            },
          ],
        },
      ],
    },
  },
  {
    // The web app's layers (state, ui, objectStore, runtime) sit below the features.
    files: ['apps/web/src/{state,ui,objectStore,runtime}/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)features/',
              message: 'Layers under src/ never import a feature; pass what they need in.',
            },
          ],
        },
      ],
    },
  },
)
