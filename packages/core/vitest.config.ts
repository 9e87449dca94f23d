import { defineConfig } from 'vitest/config';

// The API suites run twice: on real PostgreSQL 15 and on embedded PGlite (same migrations, same SQL).
const shared = { testTimeout: 60_000, hookTimeout: 120_000, pool: 'forks' as const };

export default defineConfig({
  test: {
    projects: [
      { test: { ...shared, name: 'postgres', include: ['test/**/*.test.ts'], env: { TEST_DB: 'pg' } } },
      { test: { ...shared, name: 'pglite', include: ['test/api/**/*.test.ts'], env: { TEST_DB: 'pglite' } } },
    ],
  },
});
