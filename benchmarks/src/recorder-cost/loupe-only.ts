// `tsx src/recorder-cost/loupe-only.ts [rounds]`: Loupe against no recorder only, on the heavy page,
// with the same visit and measurements as part 4 of `pnpm bench`; for checking a recorder change
// in a few minutes instead of the whole comparison (the peers do not change between commits).
import { startPageServer } from '../browser/page-server.ts';
import { median } from '../util/stats.ts';
import { measureRun, type RunMetrics } from './measure-run.ts';
import { scriptTag } from './variants.ts';

const rounds = Number(process.argv[2] ?? 3);
const server = await startPageServer({ bundles: {} }, scriptTag);
const runs: { none: RunMetrics[]; loupe: RunMetrics[] } = { none: [], loupe: [] };
try {
  for (let round = 0; round < rounds; round++) {
    for (const v of round % 2 ? (['loupe', 'none'] as const) : (['none', 'loupe'] as const)) {
      const r = await measureRun(server, v);
      runs[v].push(r);
      console.error(
        `round ${round + 1} ${v}: task ${r.taskMs.toFixed(0)} ms, longest task ${r.longestTaskMs.toFixed(0)} ms, longest own block ${r.longestRecorderBlockMs.toFixed(0)} ms, own JS ${r.recorderJsMs.toFixed(0)} ms, heap ${(r.heapAfterGc / 1e6).toFixed(1)} MB, sent ${r.bytesSent} B, snapshots ${r.fullSnapshots}, ready ${r.ready} ${r.readyMs} ms ${r.recorderMessages.slice(0, 3).join('; ')}`,
      );
    }
  }
} finally {
  await server.close();
}
const m = (f: (r: RunMetrics) => number) => median(runs.loupe.map(f));
const d = (f: (r: RunMetrics) => number) => median(runs.loupe.map((r, i) => f(r) - f(runs.none[i]!)));
console.log(
  JSON.stringify(
    {
      rounds,
      addedTaskMs: d((r) => r.taskMs),
      addedHeapMB: d((r) => r.heapAfterGc) / 1e6,
      heapMB: m((r) => r.heapAfterGc) / 1e6,
      recorderJsMs: m((r) => r.recorderJsMs),
      longestTaskMs: m((r) => r.longestTaskMs),
      baselineLongestTaskMs: median(runs.none.map((r) => r.longestTaskMs)),
      longestRecorderBlockMs: m((r) => r.longestRecorderBlockMs),
      bytesSent: m((r) => r.bytesSent),
      fullSnapshots: m((r) => r.fullSnapshots),
    },
    null,
    1,
  ),
);
