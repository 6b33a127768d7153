import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HEAVY_PAGE, PYTHON_DOCS } from '../util/paths.ts';

/**
 * The browser benchmarks load Debian's Python docs, which a fresh machine lacks: install them the
 * way scripts/ensure-chromium.sh installs Chromium (as root, through apt). Answers why not, or null.
 */
export function ensurePythonDocs(log: (s: string) => void): string | null {
  const page = join(PYTHON_DOCS, HEAVY_PAGE);
  if (existsSync(page)) return null;
  if (process.getuid?.() !== 0) return `${page} is missing and we are not root: run apt-get install python3.11-doc`;
  log('installing python3.11-doc (the heavy page the browser benchmarks load)...');
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env, timeout: 300_000 });
    execFileSync('apt-get', ['install', '-y', '-qq', 'python3.11-doc'], { stdio: 'ignore', env, timeout: 300_000 });
  } catch (e) {
    return `apt-get install python3.11-doc failed: ${(e as Error).message}`;
  }
  return existsSync(page) ? null : `python3.11-doc is installed but ${page} is not there`;
}
