import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Property tests and CLI child processes are slow on 2-core CI machines; timings are the benchmark's job.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Golden files are file snapshots (test/README.md): a missing or different one fails, locally as in CI; only
    // `vitest run -u` (npm run test:update) writes them.
    update: 'none',
  },
});
