import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_DIR } from './paths.ts';

/** A fresh folder under .cache/scratch, removed by the caller (/tmp may be a small tmpfs). */
export function scratchDir(prefix: string): string {
  const root = join(CACHE_DIR, 'scratch');
  mkdirSync(root, { recursive: true });
  return mkdtempSync(join(root, `${prefix}-`));
}
