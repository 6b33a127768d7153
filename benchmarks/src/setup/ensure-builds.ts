import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RECORDER_DIST, REPO_DIR, VIEWER_DIST } from '../util/paths.ts';

export interface BuildState {
  /** null when dist/recorder.js and dist/recorder-rrweb.js exist; else why not. */
  recorder: string | null;
  /** null when dist/index.html and dist/viewer.js exist; else why not. */
  viewer: string | null;
}

const PACKAGES = {
  recorder: {
    name: '@loupe/recorder',
    files: [join(RECORDER_DIST, 'recorder.js'), join(RECORDER_DIST, 'recorder-rrweb.js')],
  },
  viewer: { name: '@loupe/viewer', files: [join(VIEWER_DIST, 'index.html'), join(VIEWER_DIST, 'viewer.js')] },
} as const;

const missing = (files: readonly string[]) => files.filter((f) => !existsSync(f));

/** Builds a package whose dist is missing, with its own build script; answers why it is still missing, or null. */
function ensure(which: keyof typeof PACKAGES, log: (s: string) => void): string | null {
  const p = PACKAGES[which];
  if (missing(p.files).length === 0) return null;
  log(`building ${p.name} (its dist is missing)...`);
  try {
    execFileSync('npx', ['-y', 'pnpm@10.34.8', '--filter', p.name, 'build'], {
      cwd: REPO_DIR,
      stdio: 'pipe',
      timeout: 240_000,
    });
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    const detail = (err.stderr?.toString() ?? err.message).trim().split('\n').slice(-3).join(' ');
    return `${p.name} has no build output and its build failed (${detail.slice(0, 300)})`;
  }
  const still = missing(p.files);
  return still.length ? `${p.name} built, but ${still.join(', ')} is missing` : null;
}

export function ensureBuilds(log: (s: string) => void): BuildState {
  return { recorder: ensure('recorder', log), viewer: ensure('viewer', log) };
}
