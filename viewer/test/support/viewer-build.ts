import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { rollup, type OutputOptions, type RollupOptions } from 'rollup';
import { buildUnderLock, mtime, newestFile } from '@loupe/testkit/build-lock';

export const VIEWER_ROOT = join(import.meta.dirname, '..', '..');
export const VIEWER_DIST = join(VIEWER_ROOT, 'dist');
const OUTPUTS = ['index.html', 'viewer.js', 'viewer.css'].map((f) => join(VIEWER_DIST, f));

const stale = () =>
  Math.min(...OUTPUTS.map(mtime)) <
  Math.max(
    newestFile(join(VIEWER_ROOT, 'src')),
    mtime(join(VIEWER_ROOT, 'rollup.config.mjs')),
    mtime(join(VIEWER_ROOT, 'package.json')),
  );

/** Builds viewer/dist with the package's own rollup config when missing or older than its sources (CI starts from a fresh clone). */
export async function ensureViewerBuilt(): Promise<void> {
  await buildUnderLock(join(VIEWER_ROOT, '.build-lock'), stale, async () => {
    const config = (await import(pathToFileURL(join(VIEWER_ROOT, 'rollup.config.mjs')).href))
      .default as RollupOptions & { output: OutputOptions };
    const bundle = await rollup({ ...config, logLevel: 'warn' });
    try {
      await bundle.write(config.output);
    } finally {
      await bundle.close();
    }
  });
}
