import { defineConfig } from 'vitest/config';

// Several files boot a real API server (fresh PostgreSQL database each) or spawn tsc/tsx/node, so timeouts
// are generous; forks keep each file's server to itself.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
