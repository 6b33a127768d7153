// `pnpm --filter @loupe/benchmarks bench:ingest [--quick]`: only part 1, printed, RESULTS.md untouched.
// For iterating on the collector's ingest path: the full report comes from `pnpm bench` alone.
import { benchOptions } from '../bench-options.ts';
import { bundlePeers } from '../browser/bundle-peers.ts';
import { recordFixture } from '../fixture/record-fixture.ts';
import { ingestBench } from './ingest-bench.ts';

const started = Date.now();
const log = (s: string) => console.error(`[ingest ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}`);
const o = benchOptions(process.argv.slice(2));
const { fixture, file } = await recordFixture(await bundlePeers(log), log);
const section = await ingestBench(o, fixture, file, log);
for (const f of section.figures) console.log(`${f.name}: ${f.display ?? `${f.value} ${f.unit}`}`);
