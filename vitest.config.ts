import { defineConfig } from 'vitest/config';
import { SlowFilesFirst } from './test/helpers/slow-files-first.js';

/** Files that replace a module with `vi.mock`: they need a module registry of their own. */
const NEEDS_ISOLATION = ['test/router/input-checks.test.ts'];

const shared = {
  environment: 'node' as const,
  testTimeout: 15_000,
  pool: 'forks' as const,
  setupFiles: ['test/helpers/load-provider-sdks.ts'],
};

export default defineConfig({
  test: {
    sequence: { sequencer: SlowFilesFirst },
    projects: [
      {
        test: {
          ...shared,
          name: 'unit',
          include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
          exclude: NEEDS_ISOLATION,
          // One module registry per worker, not per file: each file re-importing the three provider SDKs and the
          // source cost about 40% of the suite's CPU. Tests restore what they change (msw handlers, env, timers).
          isolate: false,
        },
      },
      { test: { ...shared, name: 'isolated', include: NEEDS_ISOLATION } },
    ],
  },
});
