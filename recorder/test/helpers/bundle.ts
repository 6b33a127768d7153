import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const RECORDER_ROOT = join(import.meta.dirname, '..', '..');
export const DIST = join(RECORDER_ROOT, 'dist');
export const LOADER = join(DIST, 'recorder.js');
export const RRWEB_CHUNK = join(DIST, 'recorder-rrweb.js');

const mtime = (p: string) => {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return -1;
  }
};

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, mtime(p));
  }
  return newest;
}

const stale = () =>
  Math.min(mtime(LOADER), mtime(RRWEB_CHUNK)) <
  Math.max(
    newestSource(join(RECORDER_ROOT, 'src')),
    newestSource(join(RECORDER_ROOT, 'scripts')),
    mtime(join(RECORDER_ROOT, 'package.json')),
  );

/**
 * Builds dist/ when it is missing or older than the sources (CI starts from a fresh clone). Test
 * files run in parallel processes, so the build is guarded by a lock directory: one builds, the
 * others wait for it and then find the bundle fresh.
 */
export function ensureBundle(): void {
  const lock = join(DIST, '.build-lock');
  mkdirSync(DIST, { recursive: true });
  const deadline = Date.now() + 120_000;
  while (stale()) {
    try {
      mkdirSync(lock);
    } catch {
      if (Date.now() - mtime(lock) > 60_000) rmSync(lock, { recursive: true, force: true }); // a build that died
      if (Date.now() > deadline) throw new Error('timed out waiting for another process to build the recorder');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200); // a synchronous 200 ms nap
      continue;
    }
    try {
      if (stale()) execFileSync(process.execPath, [join(RECORDER_ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit' });
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}
