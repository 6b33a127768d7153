#!/usr/bin/env node
// Runs every package's typecheck and tests through the root vitest config and ends with the line
// CI counts: "N passed, N failed". Each package's typecheck counts as one test, and so does `biome ci`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));
spawnSync('bash', ['scripts/ensure-chromium.sh'], { stdio: 'inherit', cwd: root });

let passed = 0;
let failed = 0;
for (const pkg of ['schemas', 'testkit', 'collector', 'recorder', 'viewer', 'benchmarks']) {
  if (!existsSync(`${root}/${pkg}/src`)) continue;
  const tsc = spawnSync(bin('tsc'), ['-p', `${pkg}/tsconfig.json`], { cwd: root, encoding: 'utf8' });
  if (tsc.status === 0) passed++;
  else {
    failed++;
    console.error(`typecheck of ${pkg} failed:\n${tsc.stdout}${tsc.stderr}`);
  }
}

// The formatter check and linter (Biome) count as one test, like each package's typecheck.
const biome = spawnSync(bin('biome'), ['ci', '.', '--colors=off'], { cwd: root, encoding: 'utf8' });
if (biome.status === 0) passed++;
else {
  failed++;
  console.error(
    `biome ci (format check and lint) failed:\n${biome.error?.message ?? ''}${biome.stdout}${biome.stderr}`,
  );
}

const out = `${root}/.vitest-results.json`;
rmSync(out, { force: true });
const run = spawnSync(
  bin('vitest'),
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...process.argv.slice(2)],
  {
    stdio: 'inherit',
    cwd: root,
  },
);
if (run.error) console.error(`could not run vitest: ${run.error.message}`);
if (existsSync(out)) {
  const r = JSON.parse(readFileSync(out, 'utf8'));
  passed += r.numPassedTests;
  // A file that failed without a failed test (it did not load, or a hook threw) counts once; a
  // failed test counts once, not again for its file and its describe block.
  const brokenFiles = (r.testResults ?? []).filter(
    (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
  ).length;
  failed += r.numFailedTests + brokenFiles;
} else {
  failed++;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(run.status === 0 && failed === 0 ? 0 : 1);
