import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.tools/**', 'coverage/**', 'test/harness/github/schema/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Domain cores and lib helpers take their collaborators and environment; only the runner side builds them.
    files: ['src/**/*.ts'],
    ignores: ['src/actions/**', 'src/lib/actions-runtime.ts', 'src/lib/github-client.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/lib/actions-runtime', '**/lib/actions-runtime.js'],
              message: 'Domain code takes a Logger, mask and outputs; only src/actions/* use the runtime.',
            },
            {
              group: ['**/lib/github-client', '**/lib/github-client.js'],
              allowTypeImports: true,
              message: 'Domain code takes a GitHubClient; only src/actions/* build one.',
            },
          ],
        },
      ],
    },
  },
  {
    // The runner side: entry points, and the lib helpers whose defaults are the runner's environment.
    files: ['src/**/*.ts'],
    ignores: [
      'src/actions/**',
      'src/lib/actions-runtime.ts',
      'src/lib/github-client.ts',
      'src/lib/aws-credentials.ts',
      'src/lib/exec.ts',
      'src/lib/inputs.ts',
      'src/lib/proxy.ts',
    ],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Pass the environment in (an `env` parameter); only the runner side reads process.env.',
        },
      ],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        module: 'writable',
        require: 'readonly',
        setTimeout: 'readonly',
        Buffer: 'readonly',
      },
    },
  },
  prettier,
);
