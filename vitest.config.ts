import { defineConfig } from 'vitest/config';

/**
 * One config, a project per package. Tests run in forked processes (vitest's default pool), which
 * is what chDB needs: it binds one data folder per process, and each test file opens its own.
 */
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'schemas', root: './schemas', include: ['src/**/*.test.ts'] } },
      { test: { name: 'testkit', root: './testkit', include: ['src/**/*.test.ts'] } },
      {
        test: {
          name: 'collector',
          root: './collector',
          include: ['src/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'recorder',
          root: './recorder',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'viewer',
          root: './viewer',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      { test: { name: 'benchmarks', root: './benchmarks', include: ['src/**/*.test.ts'], testTimeout: 60_000 } },
    ],
  },
});
