import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    // Server and browser tests open real sockets and a real Chromium; give
    // them room on a 2-core machine without letting a hang run forever.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
