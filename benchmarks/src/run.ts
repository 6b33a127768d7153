// `pnpm bench [--quick]`: every measurement of issue 7, written to benchmarks/RESULTS.md.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchOptions } from './bench-options.ts';
import { bundlePeers } from './browser/bundle-peers.ts';
import { COBROWSE_FIGURES, COBROWSE_TITLE, cobrowseBench } from './cobrowse/cobrowse-bench.ts';
import type { Fixture } from './fixture/fixture.ts';
import { recordFixture } from './fixture/record-fixture.ts';
import { INGEST_FIGURES, INGEST_TITLE, ingestBench } from './ingest/ingest-bench.ts';
import { QUERY_FIGURES, QUERY_TITLE, queryBench } from './query/query-bench.ts';
import { RECORDER_FIGURES, RECORDER_TITLE, recorderBench } from './recorder-cost/recorder-bench.ts';
import { REPLAY_FIGURES, REPLAY_TITLE, replayBench } from './replay/replay-bench.ts';
import { failedSection, type Goal, type Section } from './report/figure.ts';
import { machineInfo } from './report/machine-info.ts';
import { renderResults } from './report/render-results.ts';
import { ensureBuilds } from './setup/ensure-builds.ts';
import { ensurePythonDocs } from './setup/ensure-python-docs.ts';
import { STORAGE_FIGURES, STORAGE_TITLE, storageBench } from './storage/storage-bench.ts';
import { CACHE_DIR, RESULTS_FILE } from './util/paths.ts';
import { VIEWER_SIZE_FIGURES, VIEWER_SIZE_TITLE, viewerSizeBench } from './viewer-size/viewer-size-bench.ts';

const started = Date.now();
const log = (s: string) => console.error(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}`);
const o = benchOptions(process.argv.slice(2));
const command = `npx -y pnpm@10.34.8 bench${o.quick ? ' --quick' : ''}`;
const startedAt = new Date();
const machine = machineInfo();
const sections: Section[] = [];

function write(): void {
  writeFileSync(
    RESULTS_FILE,
    renderResults({ command, quick: o.quick, startedAt, durationMs: Date.now() - started, machine }, sections),
  );
}

/** Runs one part; a part that fails is reported with its reason, and the others still run. */
async function part(title: string, names: { name: string; goal?: Goal }[], run: () => Promise<Section>): Promise<void> {
  try {
    sections.push(await run());
  } catch (e) {
    const reason = (e as Error).message.split('\n')[0]!.slice(0, 400);
    log(`${title} failed: ${reason}`);
    sections.push(failedSection(title, names, `the run failed: ${reason}`));
  }
  write();
}

// Scratch data of an earlier run that was killed: nothing in it is reused.
rmSync(join(CACHE_DIR, 'scratch'), { recursive: true, force: true });
log(`${o.quick ? 'quick' : 'full'} run on ${machine.cores} cores, ${machine.memoryGiB.toFixed(0)} GiB`);
const docsMissing = ensurePythonDocs(log);
const builds = ensureBuilds(log);
const bundles = await bundlePeers(log);

let fixture: Fixture | undefined;
let fixtureFile = '';
let fixtureMissing: string | null = docsMissing;
if (!docsMissing) {
  try {
    ({ fixture, file: fixtureFile } = await recordFixture(bundles, log));
  } catch (e) {
    fixtureMissing = `recording the fixture failed: ${(e as Error).message.split('\n')[0]}`;
  }
}
const needsFixture = (
  title: string,
  names: { name: string; goal?: Goal }[],
  run: (f: NonNullable<typeof fixture>) => Promise<Section>,
) => part(title, names, () => (fixture ? run(fixture) : Promise.reject(new Error(fixtureMissing ?? 'no fixture'))));

await needsFixture(INGEST_TITLE, INGEST_FIGURES, (f) => ingestBench(o, f, fixtureFile, log));
await needsFixture(STORAGE_TITLE, STORAGE_FIGURES, (f) => storageBench(o, f, fixtureFile, log));
await part(QUERY_TITLE, QUERY_FIGURES, () => queryBench(o, log));
await part(RECORDER_TITLE, RECORDER_FIGURES, () =>
  docsMissing ? Promise.reject(new Error(docsMissing)) : recorderBench(o, bundles, builds.recorder, log),
);
await needsFixture(REPLAY_TITLE, REPLAY_FIGURES, (f) => replayBench(o, f, fixtureFile, builds.viewer, log));
await part(VIEWER_SIZE_TITLE, VIEWER_SIZE_FIGURES, () => viewerSizeBench(log));
await part(COBROWSE_TITLE, COBROWSE_FIGURES, () =>
  builds.recorder ? Promise.reject(new Error(builds.recorder)) : cobrowseBench(o, log),
);
rmSync(join(CACHE_DIR, 'scratch'), { recursive: true, force: true });
log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s; wrote ${RESULTS_FILE}`);
