import { defineConfig } from 'vitest/config';

/**
 * One config, a project per package and tier. Tests run in forked processes (vitest's default
 * pool), which is what chDB needs: it binds one data folder per process, and each test file opens
 * its own.
 *
 * Two tiers: `*-unit` needs no browser (the collector's tests still use real chDB and loopback
 * HTTP), so `npx vitest run --project '*-unit'` is the fast loop; `*-browser` runs the built
 * bundles in Debian's Chromium. `pnpm test` runs both.
 */
const browserTier = { testTimeout: 60_000, hookTimeout: 180_000 };

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'schemas-unit', root: './schemas', include: ['src/**/*.test.ts'] } },
      { test: { name: 'testkit-unit', root: './testkit', include: ['src/**/*.test.ts'] } },
      {
        test: {
          name: 'collector-unit',
          root: './collector',
          include: ['src/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      { test: { name: 'recorder-unit', root: './recorder', include: ['src/**/*.test.ts'], testTimeout: 60_000 } },
      { test: { name: 'recorder-browser', root: './recorder', include: ['test/**/*.test.ts'], ...browserTier } },
      // The bundle test builds the viewer and reads it; no browser.
      {
        test: {
          name: 'viewer-unit',
          root: './viewer',
          include: ['src/**/*.test.ts', 'test/bundle.test.ts'],
          ...browserTier,
        },
      },
      {
        test: {
          name: 'viewer-browser',
          root: './viewer',
          include: ['test/**/*.test.ts'],
          exclude: ['test/bundle.test.ts'],
          ...browserTier,
        },
      },
      { test: { name: 'benchmarks-unit', root: './benchmarks', include: ['src/**/*.test.ts'], testTimeout: 60_000 } },
    ],
  },
});
