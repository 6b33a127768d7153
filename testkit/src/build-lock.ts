import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { mtime } from './newest-file.ts';

/**
 * A lock left without an owner file (by an older helper) is taken over after this long. Locks
 * made here name their owner's pid instead, so a slow build on a loaded machine is never taken
 * over while its process lives, and a dead one's is taken over at once.
 */
export const STALE_LOCK_MS = 120_000;
const OWNER = 'owner.pid';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the lock at `lock` is held by nobody any more. */
export function lockIsStale(lock: string, now = Date.now()): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(lock, OWNER), 'utf8'));
  } catch {
    const made = mtime(lock);
    return made >= 0 && now - made > STALE_LOCK_MS;
  }
  return !(pid > 0 && alive(pid));
}

function tryLock(lock: string): boolean {
  try {
    mkdirSync(lock);
  } catch {
    if (lockIsStale(lock)) rmSync(lock, { recursive: true, force: true });
    return false;
  }
  writeFileSync(join(lock, OWNER), String(process.pid));
  return true;
}

/**
 * Runs `build` while `isStale()` under a lock directory, so test files running in parallel
 * processes build once: the first builds, the others wait and then find the output fresh.
 */
export async function buildUnderLock(
  lock: string,
  isStale: () => boolean,
  build: () => Promise<void> | void,
): Promise<void> {
  const deadline = Date.now() + 3 * STALE_LOCK_MS;
  mkdirSync(dirname(lock), { recursive: true });
  while (isStale()) {
    if (!tryLock(lock)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for the build lock ${lock}`);
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    try {
      if (isStale()) await build();
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

export { mtime, newestFile } from './newest-file.ts';
