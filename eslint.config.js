// @ts-check
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = builtinModules.flatMap((m) => [m, `node:${m}`]);

export default tseslint.config(
  { ignores: ['node_modules/**', '.cache/**', 'dist/**', 'demo-data/**', 'schemas/**', 'bin/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Read env vars only in platform/config.ts.' },
      ],
    },
  },
  {
    // Config is the only reader of process.env; scripts, benches and the CLI's test helpers set their own.
    files: ['platform/config.ts', '**/*.test.ts', 'bench/**', 'scripts/**', 'evals/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Workflows are deterministic: no Node built-ins, no I/O layers, only core/ values and activity *types*.
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'Workflows must stay deterministic: no Node built-ins.' })),
          patterns: [
            {
              group: ['**/platform/**', '**/db/**', '**/connectors/**', '**/inference/**', '**/native/**', '**/worker/**', '**/evals/**', '**/review/**'],
              message: 'Workflows may import only core/ and activity types.',
            },
            { group: ['**/activities/**'], allowTypeImports: true, message: 'Import activities with `import type` only.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'Date', message: 'Use workflow time (sleep/condition), never the wall clock.' }],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Use uuid4() from the workflow API.' }],
    },
  },
  {
    // Dependency direction (shared/STYLE.md): nothing but evals imports evals; core imports nothing but core.
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'core/ is pure: no Node built-ins.' })),
          patterns: [{ group: ['../*', '!../core/*'], message: 'core/ imports only core/.' }],
        },
      ],
    },
  },
  {
    // Sub-folders of core/ (core/rules): `../` is still core/, `../../` is outside it.
    files: ['core/*/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'core/ is pure: no Node built-ins.' })),
          patterns: [{ group: ['../../*'], message: 'core/ imports only core/.' }],
        },
      ],
    },
  },
  {
    // understanding/: the algorithms that turn words and boxes into documents and fields, pure (shared/STYLE.md):
    // no Node built-ins, no I/O layers; row shapes from db/ and the page model's types as `import type` only.
    files: ['understanding/**/*.ts'],
    ignores: ['understanding/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'understanding/ is pure: no Node built-ins.' })),
          patterns: [
            {
              group: ['**/platform/**', '**/connectors/**', '**/native/**', '**/worker/**', '**/activities/**', '**/review/**', '**/evals/**', '**/workflows/**'],
              message: 'understanding/ imports core/ (and types from db/ and inference/) only.',
            },
            { group: ['**/db/**', '**/inference/**'], allowTypeImports: true, message: 'Only `import type` from db/ and inference/ in understanding/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['platform/**/*.ts', 'db/**/*.ts', 'connectors/**/*.ts', 'inference/**/*.ts', 'native/**/*.ts', 'activities/**/*.ts', 'understanding/**/*.ts', 'worker/**/*.ts', 'review/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/evals/**'], message: 'Nothing imports evals/.' }] }],
    },
  },
);
