// `pnpm --filter @loupe/benchmarks bench:cobrowse [--quick]`: part 6 (co-browse latency) alone,
// printed to stdout; RESULTS.md is written only by a full run.
import { benchOptions } from '../bench-options.ts';
import { ensureBuilds } from '../setup/ensure-builds.ts';
import { cobrowseBench } from './cobrowse-bench.ts';

const started = Date.now();
const log = (s: string) => console.error(`[cobrowse ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}`);
const o = benchOptions(process.argv.slice(2));
const builds = ensureBuilds(log);
if (builds.recorder) throw new Error(builds.recorder);
const section = await cobrowseBench(o, log);
for (const f of section.figures) console.log(`${f.name}: ${f.display ?? `${f.value} ${f.unit}`}`);
for (const n of section.notes) console.log(`- ${n}`);
