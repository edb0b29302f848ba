import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/.next/**', '**/dist/**', '**/generated/**', '**/next-env.d.ts', '**/.turbo/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  {
    // A connector's runtime code never reaches a simulator: helpers that start one live in test
    // files or `*.fixture.ts` files next to them (DESIGN.md, Layout).
    files: ['packages/connectors/**/*.{ts,tsx,mts,cts,js,mjs,cjs}'],
    ignores: ['**/*.test.ts', '**/*.fixture.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@konnect/custify-sim', message: 'Only tests and *.fixture.ts files may import the simulator.' },
            { name: '@konnect/slack-sim', message: 'Only tests and *.fixture.ts files may import the simulator.' },
          ],
          patterns: [{ group: ['@konnect/custify-sim/*', '@konnect/slack-sim/*'], message: 'Only tests and *.fixture.ts files may import the simulator.' }],
        },
      ],
    },
  },
);
