// Lint configuration: typescript-eslint's type-checked rules for the TypeScript sources, plain recommended rules
// for the JavaScript in bin/ and bench/, and the project's import and printing boundaries. Formatting is
// prettier's job (.prettierrc.json), so no stylistic rules here.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Adapter folders that read or write one cloud's payloads; each is a leaf among the adapters. */
const CLOUD_ADAPTERS = ['aws', 'aliyun'];
/** Provisioning-code formats; they reach the cloud adapters only through the neutral adapters/iac/ folder. */
const IAC_FORMATS = ['terraform', 'cloudformation', 'ros'];

/** An import pattern for a sibling adapter folder, as written from inside another adapter folder. */
const adapterFolder = (name) => ({
  // Any depth of `../`, with or without passing through the repository root (`../../adapters/<name>/…`).
  regex: `^(\\.\\./)+(adapters/)?${name}(/|$)`,
  message: `adapters never import each other: move what both need to a neutral folder (adapters/iac/, src/) instead of importing adapters/${name}/`,
});

/** The rules that keep each cloud adapter folder a leaf: it imports no other adapter folder. */
const cloudAdapterBoundary = (name) => ({
  files: [`adapters/${name}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: [...CLOUD_ADAPTERS, ...IAC_FORMATS, 'iac'].filter((n) => n !== name).map(adapterFolder) },
    ],
  },
});

/** Provisioning formats may use adapters/iac/ (which reaches the cloud adapters) but no other adapter folder. */
const iacFormatBoundary = (name) => ({
  files: [`adapters/${name}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: [...CLOUD_ADAPTERS, ...IAC_FORMATS].filter((n) => n !== name).map(adapterFolder) },
    ],
  },
});

/** Writing to the terminal: console.* is caught by no-console, the process streams by these selectors. */
const PRINTING = [
  {
    selector:
      "MemberExpression[object.object.name='process'][object.property.name=/^(stdout|stderr)$/][property.name='write']",
    message: 'only src/cli (and bin/, bench/, scripts/) print: return text or take a callback instead',
  },
];

export default defineConfig(
  globalIgnores(['dist/', 'node_modules/', 'coverage/', 'test/fixtures/', 'schema/', 'docs/', 'examples/']),
  js.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // `_`-prefixed names mark values deliberately unused (destructuring a field away, a required parameter).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // Type-only imports stay type-only in the emitted JavaScript (the code base writes them inline); `import()`
      // types stay allowed, as they type lazily loaded modules without loading them at start-up.
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      // String(unknown) is how readers and the emulator coerce and quote wire values of unknown type; typed objects
      // are still caught, and template literals by restrict-template-expressions.
      '@typescript-eslint/no-base-to-string': [
        'error',
        { ignoredTypeNames: ['Error', 'RegExp', 'URL', 'URLSearchParams', '{}', 'unknown'] },
      ],
      // A returned promise inside try/catch must be awaited there, or its rejection escapes the catch.
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      // == only where it means what it says: comparisons with null cover undefined on purpose.
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    // Tests read JSON documents (CLI output, goldens) as `any` and let their assertions check the shape.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
    rules: {
      // As for TypeScript: `_`-prefixed names are deliberately unused.
      'no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  // Boundaries (STYLE.md 2.1, issue 12). Each is proved by a violating snippet in test/lint/boundaries.test.ts.
  ...CLOUD_ADAPTERS.map(cloudAdapterBoundary),
  ...IAC_FORMATS.map(iacFormatBoundary),
  {
    // The semantic engine reasons on the canonical model only; it never sees a provider payload.
    files: ['src/semantics/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/adapters', '**/adapters/*', '**/adapters/**'],
              message: 'the engine (src/semantics) imports no adapter: it works on the canonical model only',
            },
          ],
        },
      ],
    },
  },
  {
    // Only the CLI, the bin script, the benchmark and the maintenance scripts talk to the terminal; the
    // library returns text, reports and results, or calls a callback its caller gives it.
    files: ['src/**/*.ts', 'adapters/**/*.ts', 'tables/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: {
      'no-console': 'error',
      'no-restricted-syntax': ['error', ...PRINTING],
    },
  },
);
