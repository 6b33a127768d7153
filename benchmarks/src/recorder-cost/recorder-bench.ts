import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchOptions } from '../bench-options.ts';
import { startPageServer } from '../browser/page-server.ts';
import type { Figure, Goal, Section } from '../report/figure.ts';
import { notMeasured } from '../report/figure.ts';
import { bytes, ms, num } from '../report/format.ts';
import { HEAVY_PAGE, RECORDER_DIST } from '../util/paths.ts';
import { builtAt } from '../util/built-at.ts';
import { median } from '../util/stats.ts';
import { measureRun, type RunMetrics } from './measure-run.ts';
import { LABELS, PRODUCTS, VARIANTS, scriptTag, type Variant } from './variants.ts';

export const RECORDER_TITLE = '4. Recorder cost on a heavy page, side by side';
const HALF_OF_BEST: Goal = { op: '<=', target: 0.5, text: '≤ 0.5 × the best product' };
const BYTES_GOAL: Goal = { op: '<=', target: 0.75, text: '≤ 0.75 × the smallest product (aim: 0.5 ×)' };
const HEAP_GOAL: Goal = { op: '<=', target: 1, text: "≤ OpenReplay's (1 ×)" };
const BLOCK_GOAL: Goal = { op: '<=', target: 50, text: '≤ 50 ms at once' };
const SNAPSHOT_GOAL: Goal = { op: '>=', target: 1, text: 'the page is recorded (≥ 1 full snapshot sent)' };
const FIRST_SCRIPT_GOAL: Goal = { op: '<=', target: 8 * 1024, text: '≤ 8 KB gzipped' };
const ALL_SCRIPTS_GOAL: Goal = { op: '<=', target: 36 * 1024, text: '≤ 36 KB gzipped' };
export const RECORDER_FIGURES = [
  { name: 'Loupe: added main-thread time / best product', goal: HALF_OF_BEST },
  { name: 'Loupe: longest main-thread block by its own code', goal: BLOCK_GOAL },
  { name: 'Loupe: bytes sent / smallest product', goal: BYTES_GOAL },
  { name: "Loupe: the page's full snapshot reached the collector", goal: SNAPSHOT_GOAL },
  { name: 'Loupe: added JS heap after GC / OpenReplay', goal: HEAP_GOAL },
  { name: 'Loupe bundle: recorder.js (first script) gzipped', goal: FIRST_SCRIPT_GOAL },
  { name: 'Loupe bundle: recorder.js + recorder-rrweb.js gzipped', goal: ALL_SCRIPTS_GOAL },
];

/** The figures about Loupe's own run (the rest are its bundle's sizes). */
const LOUPE_FIGURES = 5;

type Agg = {
  runs: RunMetrics[];
  ready: number;
  /** Medians of per-round differences from the no-recorder run of the same round. */
  addedTaskMs: number;
  addedCpuMs: number;
  addedHeap: number;
  recorderJsMs: number;
  longestTaskMs: number;
  longestBlockMs: number;
  bytesSent: number;
  scriptBytesGz: number;
  fullSnapshots: number;
};

function aggregate(runs: Record<Variant, RunMetrics[]>, v: Variant): Agg {
  const mine = runs[v];
  const base = runs.none;
  const delta = (f: (r: RunMetrics) => number) => median(mine.map((r, i) => f(r) - f(base[i]!)));
  const med = (f: (r: RunMetrics) => number) => median(mine.map(f));
  return {
    runs: mine,
    ready: mine.filter((r) => r.ready).length,
    addedTaskMs: delta((r) => r.taskMs),
    addedCpuMs: delta((r) => r.rendererCpuMs),
    addedHeap: delta((r) => r.heapAfterGc),
    recorderJsMs: med((r) => r.recorderJsMs),
    longestTaskMs: med((r) => r.longestTaskMs),
    longestBlockMs: med((r) => r.longestRecorderBlockMs),
    bytesSent: med((r) => r.bytesSent),
    scriptBytesGz: med((r) => r.scriptBytesGz),
    fullSnapshots: med((r) => r.fullSnapshots),
  };
}

function detailTable(aggs: Partial<Record<Variant, Agg>>): string {
  const rows = (Object.entries(aggs) as [Variant, Agg][]).map(
    ([v, a]) =>
      `| ${LABELS[v]} | ${a.ready}/${a.runs.length} | ${v === 'none' ? `${ms(median(a.runs.map((r) => r.taskMs)))} total` : ms(a.addedTaskMs)} | ${ms(a.recorderJsMs)} | ${ms(a.longestTaskMs)} | ${ms(a.longestBlockMs)} | ${v === 'none' ? `${ms(median(a.runs.map((r) => r.rendererCpuMs)))} total` : ms(a.addedCpuMs)} | ${v === 'none' ? `${bytes(median(a.runs.map((r) => r.heapAfterGc)))} total` : bytes(a.addedHeap)} | ${bytes(a.bytesSent)} | ${bytes(a.scriptBytesGz)} |`,
  );
  return [
    '| recorder | recording before the visit | added main-thread time (TaskDuration) | its own main-thread JS (trace) | longest task | longest block by its own code | added renderer CPU (workers incl.) | added JS heap after GC | bytes sent | scripts gzipped |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

function bundleFigures(recorderMissing: string | null): Figure[] {
  if (recorderMissing)
    return RECORDER_FIGURES.slice(LOUPE_FIGURES).map((f) => notMeasured(f.name, recorderMissing, f.goal));
  const gz = (f: string) => gzipSync(readFileSync(join(RECORDER_DIST, f)), { level: 9 }).length;
  const first = gz('recorder.js');
  const all = first + gz('recorder-rrweb.js');
  return [
    {
      name: RECORDER_FIGURES[LOUPE_FIGURES]!.name,
      value: first,
      unit: 'B',
      display: bytes(first),
      goal: FIRST_SCRIPT_GOAL,
    },
    {
      name: RECORDER_FIGURES[LOUPE_FIGURES + 1]!.name,
      value: all,
      unit: 'B',
      display: bytes(all),
      goal: ALL_SCRIPTS_GOAL,
    },
  ];
}

function loupeFigures(aggs: Partial<Record<Variant, Agg>>): Figure[] {
  const loupe = aggs.loupe!;
  const products = PRODUCTS.map((p) => ({ p, a: aggs[p]! }));
  const best = products.reduce((x, y) => (y.a.addedTaskMs < x.a.addedTaskMs ? y : x));
  const smallest = products.reduce((x, y) => (y.a.bytesSent < x.a.bytesSent ? y : x));
  const openReplay = aggs.openreplay!;
  return [
    {
      name: RECORDER_FIGURES[0]!.name,
      value: loupe.addedTaskMs / best.a.addedTaskMs,
      unit: '',
      // The trace's attribution beside it: TaskDuration differences carry the page load's own variance.
      display: `${num(loupe.addedTaskMs / best.a.addedTaskMs)} (Loupe ${ms(loupe.addedTaskMs)}; best product ${LABELS[best.p]} ${ms(best.a.addedTaskMs)}; their own JS by trace: ${ms(loupe.recorderJsMs)} vs ${ms(best.a.recorderJsMs)})`,
      goal: HALF_OF_BEST,
    },
    {
      name: RECORDER_FIGURES[1]!.name,
      value: loupe.longestBlockMs,
      unit: 'ms',
      display: ms(loupe.longestBlockMs),
      goal: BLOCK_GOAL,
    },
    // Bytes are only comparable when Loupe sent the page at all: without its snapshot it sent almost nothing.
    loupe.fullSnapshots >= 1
      ? {
          name: RECORDER_FIGURES[2]!.name,
          value: loupe.bytesSent / smallest.a.bytesSent,
          unit: '',
          display: `${num(loupe.bytesSent / smallest.a.bytesSent)} (Loupe ${bytes(loupe.bytesSent)}; smallest product ${LABELS[smallest.p]} ${bytes(smallest.a.bytesSent)})`,
          goal: BYTES_GOAL,
        }
      : notMeasured(
          RECORDER_FIGURES[2]!.name,
          `not comparable: Loupe sent ${bytes(loupe.bytesSent)} without the page's full snapshot (smallest product ${LABELS[smallest.p]} ${bytes(smallest.a.bytesSent)} with it)`,
          BYTES_GOAL,
        ),
    {
      name: RECORDER_FIGURES[3]!.name,
      value: loupe.fullSnapshots,
      unit: '',
      display: `${num(loupe.fullSnapshots)} full snapshots sent (median run)`,
      goal: SNAPSHOT_GOAL,
    },
    {
      name: RECORDER_FIGURES[4]!.name,
      value: loupe.addedHeap / openReplay.addedHeap,
      unit: '',
      display: `${num(loupe.addedHeap / openReplay.addedHeap)} (Loupe ${bytes(loupe.addedHeap)}; ${LABELS.openreplay} ${bytes(openReplay.addedHeap)})`,
      goal: HEAP_GOAL,
    },
  ];
}

/**
 * Every recorder on the same heavy page with the same scripted visit, one fresh browser per run,
 * rounds interleaved (each round visits with every recorder in turn, the order rotating), so noise
 * on the shared machine spreads over all of them.
 */
export async function recorderBench(
  o: BenchOptions,
  bundles: Record<string, string>,
  recorderMissing: string | null,
  log: (s: string) => void,
): Promise<Section> {
  const variants = VARIANTS.filter((v) => v !== 'loupe' || !recorderMissing);
  const server = await startPageServer({ bundles }, scriptTag);
  const runs = Object.fromEntries(variants.map((v) => [v, []])) as unknown as Record<Variant, RunMetrics[]>;
  try {
    for (let round = 0; round < o.recorderCost.rounds; round++) {
      const order = variants.map((_, i) => variants[(i + round) % variants.length]!);
      for (const v of order) {
        log(`recorder cost round ${round + 1}/${o.recorderCost.rounds}: ${LABELS[v]}`);
        runs[v].push(await measureRun(server, v));
      }
    }
  } finally {
    await server.close();
  }
  const aggs: Partial<Record<Variant, Agg>> = {};
  for (const v of variants) aggs[v] = aggregate(runs, v);
  const figures = [
    ...(recorderMissing
      ? RECORDER_FIGURES.slice(0, LOUPE_FIGURES).map((f) => notMeasured(f.name, recorderMissing, f.goal))
      : loupeFigures(aggs)),
    ...bundleFigures(recorderMissing),
  ];
  const said = [...new Set(runs.loupe?.flatMap((r) => r.recorderMessages) ?? [])];
  return {
    title: RECORDER_TITLE,
    figures,
    tables: [detailTable(aggs)],
    notes: [
      ...(recorderMissing
        ? []
        : [`Loupe measured from recorder/dist as built at ${builtAt(join(RECORDER_DIST, 'recorder.js'))}.`]),
      ...(said.length
        ? [
            `Loupe's recorder reported (CUSTOM_EVENT loupe:*): ${said
              .slice(0, 5)
              .map((m) => `"${m}"`)
              .join('; ')}.`,
          ]
        : []),
      `Page: Debian's python3.11-doc ${HEAVY_PAGE} (~35,000 elements, 1.7 MB of HTML) served on loopback with its assets; every peer's collection endpoint is a stub on the same origin answering 200 (PostHog's remote config turns session recording on).`,
      'Recorders: Loupe by its embed tag (`<script src=…/recorder.js data-key data-endpoint defer>`, rrweb loaded when idle); bare @rrweb/record posting its events as plain JSON every 5 s; posthog-js (opt_out_useragent_filter, disable_session_recording: false, persistence memory, surveys off; its lazy recorder served from api_host/static); @sentry/browser with replayIntegration (replaysSessionSampleRate 1); @openreplay/tracker (__DISABLE_SECURE_MODE). Each peer is bundled by rollup from a tiny entry (node-resolve, commonjs, esbuild, terser; IIFE) and loaded first in <head>.',
      'Visit: wait until the recorder reports it is recording (at most 15 s) and at least 3 s after load (so every run meets the page in the same state), then 12 wheel scrolls down and 4 up, a burst of 1,000 inserted paragraphs and 2,000 class changes then their removal, typing 15 characters into the search box, 5 clicks on headings and entries (links do not navigate), a text selection; then 5.5 s for periodic sends; bytes counted after leaving the page (pagehide beacons included).',
      "Per run, a fresh Chromium: TaskDuration from CDP Performance.getMetrics with timeDomain threadTicks, i.e. main-thread CPU time, which other processes on the shared machine do not stretch (minus the no-recorder run of the same round, median of those differences); a devtools.timeline trace attributes main-thread JavaScript to the recorder by script URL, in thread time (its own JS, and the longest it held the main thread within one task); the longest task overall is wall time and includes the page's own parsing and layout; renderer CPU from SystemInfo.getProcessInfo (all renderer threads, workers included); JS heap after HeapProfiler.collectGarbage (Runtime.getHeapUsage); bytes are request bodies received by the stub; script weight is the gzipped size of every recorder script the page fetched. Tracing slows every run alike.",
      `${o.recorderCost.rounds} interleaved round(s)${o.quick ? " (quick mode: fewer than the full run's 5, so these medians are noisier)" : ''}; the reference figures measured before on this kind of machine: rrweb adds ~0.75 s main-thread time, Sentry 1.0 s, OpenReplay 1.3 s, PostHog 1.9 s, longest tasks 416-634 ms, 0.6-0.9 MB sent (rrweb uncompressed 6.9 MB).`,
    ],
  };
}
