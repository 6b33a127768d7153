import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A file's modification time; -1 when it does not exist. */
export const mtime = (p: string) => statSync(p, { throwIfNoEntry: false })?.mtimeMs ?? -1;

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
