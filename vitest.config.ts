import { defineConfig } from 'vitest/config';

// Two projects: `unit` (no network, beside the code) and `integration` (real Kafka, Temporal, PostgreSQL+pgvector,
// started by scripts/test.sh; their addresses arrive as DOCKET_* env vars).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: ['**/*.int.test.ts', 'node_modules/**', '.cache/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts'],
          exclude: ['node_modules/**', '.cache/**'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
