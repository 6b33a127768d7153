// `tsx src/recorder-cost/loupe-before-after.ts [rounds]`: two builds of Loupe side by side with
// Sentry (the best product of part 4) and no recorder, rounds interleaved, in one run: for a
// recorder change, its before and after against the same reference on the same machine state.
// The "before" build is whatever is in recorder/dist/before/ (recorder.js and recorder-rrweb.js,
// e.g. built from an earlier commit: `git archive <commit> recorder/src recorder/scripts
// recorder/package.json | tar -x -C recorder/.before && (cd recorder/.before/recorder && node
// scripts/build.mjs)`, then copy its dist files); "after" is recorder/dist as built.
import { bundlePeers } from '../browser/bundle-peers.ts';
import { startPageServer } from '../browser/page-server.ts';
import { median } from '../util/stats.ts';
import { measureRun, type RunMetrics } from './measure-run.ts';
import { scriptTag } from './variants.ts';

const rounds = Number(process.argv[2] ?? 3);
/** Which Loupe build the next page gets (runs are sequential). */
let loupeDir = '';
const bundles = await bundlePeers((s) => console.error(s));
const server = await startPageServer({ bundles }, (v, origin) =>
  scriptTag(v, origin).replace('/loupe/recorder.js', `/loupe/${loupeDir}recorder.js`),
);
type Kind = 'none' | 'before' | 'after' | 'sentry';
const runs: Record<Kind, RunMetrics[]> = { none: [], before: [], after: [], sentry: [] };
const ORDER: Kind[] = ['none', 'before', 'after', 'sentry'];
try {
  for (let round = 0; round < rounds; round++) {
    for (const k of round % 2 ? [...ORDER].reverse() : ORDER) {
      loupeDir = k === 'before' ? 'before/' : '';
      const r = await measureRun(server, k === 'before' || k === 'after' ? 'loupe' : k);
      runs[k].push(r);
      console.error(
        `round ${round + 1} ${k}: task ${r.taskMs.toFixed(0)} ms, own JS ${r.recorderJsMs.toFixed(0)} ms, longest own block ${r.longestRecorderBlockMs.toFixed(0)} ms, heap ${(r.heapAfterGc / 1e6).toFixed(1)} MB, sent ${r.bytesSent} B, ready ${r.ready}`,
      );
    }
  }
} finally {
  await server.close();
}
const added = (k: Kind, f: (r: RunMetrics) => number) => median(runs[k].map((r, i) => f(r) - f(runs.none[i]!)));
const of = (k: Kind, f: (r: RunMetrics) => number) => median(runs[k].map(f));
const task = (k: Kind) => added(k, (r) => r.taskMs);
const own = (k: Kind) => of(k, (r) => r.recorderJsMs);
const figures = (k: Kind) => ({
  addedTaskMs: task(k),
  ownJsMs: own(k),
  longestOwnBlockMs: of(k, (r) => r.longestRecorderBlockMs),
  addedHeapMB: added(k, (r) => r.heapAfterGc) / 1e6,
  bytesSent: of(k, (r) => r.bytesSent),
});
console.log(
  JSON.stringify(
    {
      rounds,
      before: figures('before'),
      after: figures('after'),
      sentry: figures('sentry'),
      addedTaskVsSentry: { before: task('before') / task('sentry'), after: task('after') / task('sentry') },
      ownJsVsSentry: { before: own('before') / own('sentry'), after: own('after') / own('sentry') },
    },
    null,
    1,
  ),
);
