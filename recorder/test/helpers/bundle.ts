import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { buildUnderLock, mtime, newestFile } from '@loupe/testkit/build-lock';

export const RECORDER_ROOT = join(import.meta.dirname, '..', '..');
export const DIST = join(RECORDER_ROOT, 'dist');
export const LOADER = join(DIST, 'recorder.js');
export const RRWEB_CHUNK = join(DIST, 'recorder-rrweb.js');
export const COBROWSE_CHUNK = join(DIST, 'recorder-cobrowse.js');

const stale = () =>
  Math.min(mtime(LOADER), mtime(RRWEB_CHUNK)) <
  Math.max(
    newestFile(join(RECORDER_ROOT, 'src')),
    newestFile(join(RECORDER_ROOT, 'scripts')),
    mtime(join(RECORDER_ROOT, 'package.json')),
  );

/**
 * Builds dist/ when it is missing or older than the sources (CI starts from a fresh clone). Test
 * files run in parallel processes, so the build runs under @loupe/testkit's lock (the directory
 * the viewer's tests use for this bundle too): one builds, the others wait and find it fresh.
 */
export const ensureBundle = (): Promise<void> =>
  buildUnderLock(join(DIST, '.build-lock'), stale, () => {
    execFileSync(process.execPath, [join(RECORDER_ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  });
