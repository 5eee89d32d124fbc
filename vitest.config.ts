import path from 'node:path';
import { defineConfig } from 'vitest/config';

// The workspace packages resolve to their TypeScript sources, as in tsconfig.json's paths.
const alias = [
  {
    find: /^@etcd-console\/(core|sdk)\/([a-z-]+)$/,
    replacement: path.resolve(import.meta.dirname, 'packages/$1/src/$2/index.ts'),
  },
  { find: /^@\//, replacement: `${path.resolve(import.meta.dirname)}/` },
  { find: 'server-only', replacement: path.resolve(import.meta.dirname, 'test/helpers/server-only.ts') },
];

export default defineConfig({
  resolve: { alias },
  test: {
    // Real etcd processes and child processes: keep the 2-core machine from thrashing.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    projects: [
      {
        resolve: { alias },
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
