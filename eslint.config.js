// One flat config for the whole repo: TypeScript everywhere, Vue SFCs in apps/web. The package
// boundaries of docs/STYLE (shared imports neither vue nor express; engine imports only shared;
// the web app never imports from the api; e2e uses public entries only) are enforced here.
import js from '@eslint/js';
import pluginVue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const SERVER_ONLY = ['express', 'express/*', 'ws', 'bufferutil', 'better-sqlite3', 'redis', '@linnet/api', '@linnet/api/*'];
const BROWSER_ONLY = ['vue', 'vue/*', 'pinia', '@vue/*', '@linnet/web', '@linnet/web/*'];
const NODE_BUILTINS = ['node:*', 'fs', 'path', 'os', 'http', 'https', 'net', 'crypto', 'child_process', 'worker_threads', 'stream'];
/** Relative paths that climb out of a package into another one's source. */
const CROSS_PACKAGE_PATHS = ['../../apps/*', '../../../apps/*', '../../packages/*', '../../../packages/*', '../apps/*', '../packages/*'];
const restrict = (message, ...groups) => ({
  'no-restricted-imports': ['error', { patterns: groups.flat().map((pattern) => ({ group: [pattern], message })) }],
});

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.corpus/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Formatting is not argued about in review.
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  {
    files: ['packages/shared/**'],
    rules: restrict('packages/shared is the contract: zod and nothing from the apps, the engine or Node.', SERVER_ONLY, BROWSER_ONLY, NODE_BUILTINS, CROSS_PACKAGE_PATHS, ['@linnet/engine', '@linnet/engine/*']),
  },
  {
    files: ['packages/engine/**'],
    rules: restrict('packages/engine is pure TypeScript: it imports only @linnet/shared (no Node, DOM, server or app code).', SERVER_ONLY, BROWSER_ONLY, NODE_BUILTINS, CROSS_PACKAGE_PATHS, ['zod', 'zod/*']),
  },
  {
    files: ['apps/web/src/**'],
    ignores: ['**/*.test.ts'],
    rules: restrict('The web app talks to the API over HTTP only: no server code, Node modules or engine (tests may use the engine).', SERVER_ONLY, NODE_BUILTINS, CROSS_PACKAGE_PATHS, ['@linnet/engine', '@linnet/engine/*']),
  },
  {
    files: ['apps/api/**'],
    rules: restrict('The API never imports the web app; other packages through their public entry.', BROWSER_ONLY, CROSS_PACKAGE_PATHS, ['@linnet/*/src/*']),
  },
  {
    // Test builders stay out of what ships (and out of the web bundle).
    files: ['apps/*/src/**', 'packages/*/src/**'],
    ignores: ['**/*.test.ts', '**/testing/**', '**/test/**'],
    // typescript-eslint's twin of the rule, so it adds to (not replaces) the package boundaries above.
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@linnet/shared/testing'], message: 'Test builders are for tests only.' }] },
      ],
    },
  },
  {
    files: ['e2e/**'],
    rules: restrict('e2e imports only public entries (@linnet/shared, @linnet/engine, @linnet/api/testing, @linnet/web/session-store).', CROSS_PACKAGE_PATHS, ['@linnet/*/src/*']),
  },
);
