// `pnpm --filter @loupe/benchmarks bench:viewer-size`: part 6 (viewer size) alone, printed to stdout;
// RESULTS.md is left alone, which only a full run writes.
import { viewerSizeBench } from './viewer-size-bench.ts';

const section = await viewerSizeBench((s) => console.error(`[viewer-size] ${s}`));
for (const f of section.figures) console.log(`${f.name}: ${f.display ?? `${f.value?.toFixed(2)} ${f.unit}`}`);
for (const t of section.tables ?? []) console.log(t);
for (const n of section.notes) console.log(`- ${n}`);
