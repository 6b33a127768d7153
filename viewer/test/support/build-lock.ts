import { mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** A build that holds the lock longer than this has died; its lock is taken over. */
const STALE_LOCK_MS = 120_000;

/**
 * Runs `build` while `isStale()` under a lock directory, so test files running in parallel
 * processes build once: the first builds, the others wait and then find the output fresh.
 */
export async function buildUnderLock(lock: string, isStale: () => boolean, build: () => Promise<void> | void): Promise<void> {
  const deadline = Date.now() + 3 * STALE_LOCK_MS;
  mkdirSync(dirname(lock), { recursive: true });
  while (isStale()) {
    try {
      mkdirSync(lock);
    } catch {
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
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

export const mtime = (p: string) => statSync(p, { throwIfNoEntry: false })?.mtimeMs ?? -1;
