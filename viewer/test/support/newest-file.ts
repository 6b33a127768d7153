import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { mtime } from './build-lock.ts';

/** The newest modification time of the files under `dir` (tests excluded: they are not built). */
export function newestFile(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestFile(p));
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, mtime(p));
  }
  return newest;
}
