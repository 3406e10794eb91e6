// ESLint (flat config): typescript-eslint with type information, Lit and web-component rules, and Prettier's
// formatting left to Prettier (eslint-config-prettier comes last). Run with `npm run lint`.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import prettier from 'eslint-config-prettier/flat';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  // test/frameworks/fixtures: checked by each framework's own type checker (test/frameworks), errors included on purpose.
  globalIgnores([
    'dist/',
    'coverage/',
    'test-results/',
    'custom-elements.json',
    'test/frameworks/fixtures/',
    'examples/nextjs/.next/',
    'examples/nextjs/next-env.d.ts',
  ]),

  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // Files in a tsconfig.json (the root one, with the tooling's JavaScript through allowJs; demo/simulator/
        // public's) get that project: one program each, far quicker than a default project per file.
        projectService: {
          // A JavaScript module with a .d.mts of its own beside it, which the program takes instead.
          allowDefaultProject: ['test/fixtures/veratad-documented.mjs'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },

  {
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            // node:test's describe/it return promises that the runner itself awaits.
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] },
            // @open-wc/semantic-dom-diff types chai's `equal` as returning a Promise; it is synchronous.
            { from: 'package', package: '@open-wc/semantic-dom-diff', name: 'Equal' },
          ],
        },
      ],
      // A leading underscore marks a binding kept on purpose: a property left out of a rest copy, Express's
      // four-parameter error handler.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Passing on a reason of unknown type (a caught error, an AbortSignal's reason) is fine, as only-throw-error
      // allows rethrowing one; a literal or a non-Error object is still reported.
      '@typescript-eslint/prefer-promise-reject-errors': [
        'error',
        { allowThrowingAny: true, allowThrowingUnknown: true },
      ],
      // `async` without `await` is deliberate here: a throw becomes a rejection, and Promise-returning hooks and
      // test doubles (`link`, loader hooks, a worker's `fetch`) read as what they implement.
      '@typescript-eslint/require-await': 'off',
    },
  },

  // The framework examples import `veratad-verify/…` by name, i.e. the built dist/, which lint (run before the build)
  // cannot count on: type-aware rules are off there. test/frameworks/ type-checks them against the build (`tsc` on
  // examples/react, `next build` on examples/nextjs, `vue-tsc` on examples/vue, whose own tsconfig would otherwise
  // cost ESLint a second program).
  { files: ['examples/react/**', 'examples/nextjs/**', 'examples/vue/**'], ...tseslint.configs.disableTypeChecked },

  // Where code runs.
  { files: ['**/*.{js,mjs,ts,mts}'], languageOptions: { globals: globals.node } },
  {
    files: ['src/**', 'test/browser/**', 'demo/simulator/public/**'],
    ignores: ['test/browser/server/**'],
    languageOptions: { globals: globals.browser },
  },
  { files: ['demo/simulator/public/*.js', 'test/browser/fixtures/*.js'], languageOptions: { sourceType: 'script' } },

  // Plain JavaScript that is not type-checked (no checkJs): what it imports or parses is `any`, so these rules
  // would flag every use of it rather than unsafe code. demo/simulator/public/*.js is checked and keeps them.
  {
    files: ['**/*.{js,mjs}'],
    ignores: ['demo/simulator/public/*.js'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },

  // The element.
  {
    files: ['src/**/*.ts', 'test/browser/**/*.ts'],
    extends: [lit.configs['flat/recommended']],
    rules: {
      'lit/attribute-names': 'error',
      'lit/lifecycle-super': 'error',
      'lit/no-invalid-escape-sequences': 'error',
      'lit/no-native-attributes': 'error',
      'lit/no-this-assign-in-render': 'error',
      'lit/no-value-attribute': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    extends: [wc.configs['flat/best-practice']],
    rules: {
      // LitElement always defines connectedCallback/disconnectedCallback, so an unguarded super call is right.
      'wc/guard-super-call': 'off',
    },
    settings: { wc: { elementBaseClasses: ['LitElement', 'VeratadVerifySettings'] } },
  },

  prettier,
);
