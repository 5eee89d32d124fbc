// `npm run test:faults`: fault-injection tests (real etcd killed, restarted, compacted; hostile clients; fuzzing).
// Project "faults" is the whole suite; "faults-fast" is the quick subset (`*.fast.test.ts`) that `npm test` runs.
import path from 'node:path';
import { defineConfig } from 'vitest/config';

// The workspace packages resolve to their TypeScript sources, as in tsconfig.json's paths (and vitest.config.ts).
const alias = [
  {
    find: /^@etcd-console\/(core|sdk)\/([a-z-]+)$/,
    replacement: path.resolve(import.meta.dirname, 'packages/$1/src/$2/index.ts'),
  },
  { find: /^@\//, replacement: `${path.resolve(import.meta.dirname)}/` },
  { find: 'server-only', replacement: path.resolve(import.meta.dirname, 'test/helpers/server-only.ts') },
];

const shared = {
  environment: 'node' as const,
  testTimeout: 240_000,
  hookTimeout: 120_000,
  // Counts are printed per case; keep them visible.
  silent: false,
};

export default defineConfig({
  resolve: { alias },
  test: {
    // One case at a time: each starts etcd members, consoles and child processes on a 2-core machine.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 1, minForks: 1 } },
    fileParallelism: false,
    projects: [
      {
        resolve: { alias },
        test: {
          ...shared,
          name: 'faults',
          include: ['test/faults/**/*.test.ts'],
          env: { FAULTS_FULL: '1' },
          globalSetup: ['test/faults/helpers/global-setup.ts'],
        },
      },
      {
        resolve: { alias },
        test: { ...shared, name: 'faults-fast', include: ['test/faults/**/*.fast.test.ts'] },
      },
    ],
  },
});
