import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    // Server and browser tests open real sockets and a real Chromium; give
    // them room on a 2-core machine without letting a hang run forever.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two files at a time on a 2-core machine (Vitest's default is one fewer
    // than the cores, here one): most files wait on sockets and a browser
    // more than they compute, and one at a time took the suite past 9 minutes.
    maxWorkers: 2,
  },
});
