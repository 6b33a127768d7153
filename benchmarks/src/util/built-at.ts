import { statSync } from 'node:fs';

/** When a build output was made, so RESULTS.md says which build of the recorder or viewer it measured. */
export function builtAt(file: string): string {
  try {
    return statSync(file).mtime.toISOString();
  } catch {
    return 'unknown';
  }
}
