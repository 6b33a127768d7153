import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { buildUnderLock, mtime, newestFile } from '@loupe/testkit/build-lock';

/** The recorder package (a devDependency of the viewer), found the way Node finds it. */
export const RECORDER_ROOT = dirname(createRequire(import.meta.url).resolve('@loupe/recorder/package.json'));
export const RECORDER_DIST = join(RECORDER_ROOT, 'dist');
const OUTPUTS = ['recorder.js', 'recorder-rrweb.js'].map((f) => join(RECORDER_DIST, f));

const stale = () =>
  Math.min(...OUTPUTS.map(mtime)) <
  Math.max(
    newestFile(join(RECORDER_ROOT, 'src')),
    newestFile(join(RECORDER_ROOT, 'scripts')),
    mtime(join(RECORDER_ROOT, 'package.json')),
  );

/**
 * Builds the real recorder bundle with the recorder package's own build script when missing or
 * stale. The lock directory is the one the recorder's tests use, so the two never build at once.
 */
export async function ensureRecorderBuilt(): Promise<void> {
  const script = (
    JSON.parse(readFileSync(join(RECORDER_ROOT, 'package.json'), 'utf8')) as { scripts?: { build?: string } }
  ).scripts?.build;
  if (!script) throw new Error('the recorder package has no build script');
  await buildUnderLock(join(RECORDER_DIST, '.build-lock'), stale, () => {
    execFileSync('sh', ['-c', script], {
      cwd: RECORDER_ROOT,
      stdio: 'inherit',
      env: { ...process.env, PATH: `${join(RECORDER_ROOT, 'node_modules', '.bin')}:${process.env.PATH ?? ''}` },
    });
  });
}
