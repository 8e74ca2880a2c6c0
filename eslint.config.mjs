// ESLint flat config: typescript-eslint's recommended rules plus the project's standards (DEVELOPERS.md) that a
// rule can hold: no `!` non-null assertions, no `any`, type-only imports marked as such, no unused names, and the
// cdktf seam (only platform/ imports `cdktf`; provider classes by deep path, never the barrel that loads them all).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** The provider's barrels load every one of its ~1,500 resource classes; a deep path loads one. */
const providerBarrels = [
  { name: '@cdktf/provider-aws', message: 'import the class by its deep path, @cdktf/provider-aws/lib/<resource>.' },
  { name: '@cdktf/provider-aws/lib', message: 'import the class by its deep path, @cdktf/provider-aws/lib/<resource>.' },
];
const cdktfOutsidePlatform = {
  paths: [{ name: 'cdktf', message: 'cdktf is imported only by platform/cdktf.ts; import from there.' }, ...providerBarrels],
  patterns: [{ group: ['cdktf/*'], message: 'cdktf is imported only by platform/cdktf.ts; import from there.' }],
};

export default defineConfig(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'cdktf.out/',
      'cdktf.out.*/',
      'coverage/',
      '.bench/',
      '.gen/',
      'config/examples/',
      '__tests__/fixtures/',
      '__tests__/**/fixtures/',
      'prereqs/',
      'validation/',
      'runbooks/',
      'terraform/',
      'locks/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: globals.node,
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-restricted-imports': ['error', cdktfOutsidePlatform],
    },
  },
  {
    // Testing.app() leaves a temporary directory behind per app; __tests__/support/test-app.ts makes one that does not.
    files: ['__tests__/**/*.ts'],
    ignores: ['__tests__/support/test-app.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'Testing',
          property: 'app',
          message: 'use testApp() from __tests__/support/test-app.ts: Testing.app() leaves a temporary directory behind.',
        },
      ],
    },
  },
  {
    files: ['platform/**'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: providerBarrels }] },
  },
  {
    // CommonJS files: Jest's config and global setup.
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
