#!/usr/bin/env node
// Runs every package's tests through the root vitest config and ends with the line CI counts:
// "N passed, N failed". vitest's own summary is kept above it for people.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

spawnSync('bash', ['scripts/ensure-chromium.sh'], { stdio: 'inherit' });

const out = '.vitest-results.json';
rmSync(out, { force: true });
const vitest = fileURLToPath(new URL('../node_modules/.bin/vitest', import.meta.url));
const run = spawnSync(
  vitest,
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...process.argv.slice(2)],
  { stdio: 'inherit', shell: process.platform === 'win32' },
);
if (run.error) console.error(`could not run vitest: ${run.error.message}`);
let passed = 0;
let failed = 0;
if (existsSync(out)) {
  const r = JSON.parse(readFileSync(out, 'utf8'));
  passed = r.numPassedTests;
  failed = r.numFailedTests + (r.numFailedTestSuites ?? 0);
} else {
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(run.status === 0 && failed === 0 ? 0 : 1);
