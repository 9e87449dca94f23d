import { defineConfig } from 'vitest/config';

// Cross-package end-to-end suites (tests/sdk, tests/portal ...): each one starts a real server, and the
// portal suite also a browser, so timeouts are generous; forks keep servers and browsers per file.
export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', 'artifacts/**'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    globalSetup: ['./global-setup.ts'],
  },
});
