// `tsx src/recorder-cost/recorder-only.ts [rounds]`: part 4 of `pnpm bench` on its own (Loupe and
// every peer on the heavy page, rounds interleaved), printed instead of written to RESULTS.md.
import { benchOptions } from '../bench-options.ts';
import { bundlePeers } from '../browser/bundle-peers.ts';
import { recorderBench } from './recorder-bench.ts';

const rounds = Number(process.argv[2] ?? 3);
const log = (s: string) => console.error(`[recorder-only] ${s}`);
const o = { ...benchOptions([]), recorderCost: { rounds } };
const section = await recorderBench(o, await bundlePeers(log), null, log);
for (const f of section.figures)
  console.log(`- ${f.name}: ${f.display ?? `${f.value} ${f.unit}`}${f.goal ? ` (goal ${f.goal.text})` : ''}`);
for (const t of section.tables ?? []) console.log(`\n${t}`);
