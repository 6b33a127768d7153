import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** benchmarks/ itself; everything else is found from here, so the bench runs from any cwd. */
export const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const REPO_DIR = join(BENCH_DIR, '..');
/** Recorded fixture, peer bundles and scratch data: kept between runs, ignored by git. */
export const CACHE_DIR = join(BENCH_DIR, '.cache');
export const RESULTS_FILE = join(BENCH_DIR, 'RESULTS.md');

export const COLLECTOR_DIR = join(REPO_DIR, 'collector');
export const RECORDER_DIST = join(REPO_DIR, 'recorder', 'dist');
export const VIEWER_DIST = join(REPO_DIR, 'viewer', 'dist');

/** Debian's python3.11-doc: the real pages the browser benchmarks load. */
export const PYTHON_DOCS = '/usr/share/doc/python3.11/html';
/** The heavy page (~35,000 elements): every index entry of the Python docs. */
export const HEAVY_PAGE = 'genindex-all.html';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
