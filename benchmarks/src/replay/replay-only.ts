// `pnpm --filter @loupe/benchmarks bench:replay [--quick]`: part 5 (replay start) alone, printed to
// stdout. For iterating on the replay path: it leaves RESULTS.md alone, which only a full run writes.
import { benchOptions } from '../bench-options.ts';
import { bundlePeers } from '../browser/bundle-peers.ts';
import { recordFixture } from '../fixture/record-fixture.ts';
import { ensureBuilds } from '../setup/ensure-builds.ts';
import { ensurePythonDocs } from '../setup/ensure-python-docs.ts';
import { replayBench } from './replay-bench.ts';

const started = Date.now();
const log = (s: string) => console.error(`[replay ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}`);
const o = benchOptions(process.argv.slice(2));
const docsMissing = ensurePythonDocs(log);
if (docsMissing) throw new Error(docsMissing);
const builds = ensureBuilds(log);
const { fixture, file } = await recordFixture(await bundlePeers(log), log);
const section = await replayBench(o, fixture, file, builds.viewer, log);
for (const f of section.figures) console.log(`${f.name}: ${f.display ?? `${f.value} ${f.unit}`}`);
for (const n of section.notes) console.log(`- ${n}`);
