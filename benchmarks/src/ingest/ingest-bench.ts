import { rmSync } from 'node:fs';
import type { BenchOptions } from '../bench-options.ts';
import { startCollector } from '../collector/collector-process.ts';
import type { Fixture } from '../fixture/fixture.ts';
import type { Figure, Goal, Section } from '../report/figure.ts';
import { num, pct } from '../report/format.ts';
import { runChild } from '../util/child.ts';
import { scratchDir } from '../util/scratch-dir.ts';
import { median, percentile } from '../util/stats.ts';
import type { EngineInput, EngineResult } from './engine-limit-child.ts';
import { type PlatformKind, platformShots, recorderSessions } from './load-shots.ts';
import { postLoad, type LoadResult } from './post-load.ts';
import { LOAD_SESSION_MS, loadTemplate } from './recorder-workload.ts';
import { PLATFORM_BATCH } from './platform-workload.ts';

export const INGEST_TITLE = '1. Ingest throughput';
const RATIO_GOAL: Goal = { op: '>=', target: 0.6, text: '≥ 60 % of the engine limit' };
export const INGEST_FIGURES = [
  { name: 'recorder batches through the collector / engine limit', goal: RATIO_GOAL },
  { name: 'audit events through the collector / engine limit', goal: RATIO_GOAL },
  { name: 'change audits through the collector / engine limit', goal: RATIO_GOAL },
  { name: 'call logs through the collector / engine limit', goal: RATIO_GOAL },
];

/** Fractions of the measured maximum at which the acknowledgement latency is measured again, paced. */
const BELOW_MAX = [0.5, 0.9] as const;

/** One family's loads in a round: as fast as it takes them, then paced at each of BELOW_MAX. */
interface FamilyRun {
  max: LoadResult;
  paced: LoadResult[];
}

interface CollectorRound {
  recorder: FamilyRun;
  audit: FamilyRun;
  changes: FamilyRun;
  calls: FamilyRun;
}

/** The maximum first, then the same load paced at fractions of the requests per second it reached. */
async function maxThenPaced(
  run: (requestsPerSecond?: number, label?: string) => Promise<LoadResult>,
): Promise<FamilyRun> {
  const max = await run();
  const perSecond = max.requests / (max.windowMs / 1000);
  const paced: LoadResult[] = [];
  for (const f of BELOW_MAX) paced.push(await run(Math.max(1, perSecond * f), `p${f * 100}`));
  return { max, paced };
}

async function collectorRound(
  o: BenchOptions,
  template: ReturnType<typeof loadTemplate>,
  round: number,
): Promise<CollectorRound> {
  const c = await startCollector();
  try {
    const i = o.ingest;
    const recorder = await maxThenPaced((requestsPerSecond, label = '') =>
      postLoad({
        url: `${c.url}/v1/ingest`,
        concurrency: i.recorders,
        warmupMs: 2_000,
        windowMs: i.windowMs,
        // Fresh session ids for every load, so no load's batches are another's duplicates.
        nextSession: recorderSessions(template, `r${round}${label}`, 100_000),
        requestsPerSecond,
      }),
    );
    // Enough prepared requests for 50k records/s, far above what one collector takes.
    const requests = Math.ceil((50_000 * (i.platformWindowMs + 1_000)) / 1000 / PLATFORM_BATCH);
    const platform = (kind: PlatformKind, path: string) =>
      maxThenPaced((requestsPerSecond) =>
        postLoad({
          url: `${c.url}${path}`,
          concurrency: 4,
          warmupMs: 1_000,
          windowMs: i.platformWindowMs,
          nextSession: platformShots(kind, requests),
          requestsPerSecond,
        }),
      );
    const audit = await platform('audit', '/v1/audit-events');
    const changes = await platform('changes', '/v1/change-audits');
    const calls = await platform('calls', '/v1/call-logs');
    return { recorder, audit, changes, calls };
  } finally {
    await c.stop();
  }
}

async function engineRound(o: BenchOptions, fixtureFile: string): Promise<EngineResult> {
  const dataDir = scratchDir('engine');
  try {
    const input: EngineInput = {
      fixtureFile,
      dataDir,
      sessions: o.ingest.engineSessions,
      platformRecords: o.ingest.engineRecords,
      now: Date.now(),
    };
    return await runChild<EngineResult>('ingest/engine-limit-child.ts', input, 300_000);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const failed = (r: LoadResult) => (r.failures ? `; ${r.failures} requests failed, first: ${r.firstFailure}` : '');

function family(name: string, unit: string, familyRuns: FamilyRun[], limits: number[]): Figure[] {
  const runs = familyRuns.map((r) => r.max);
  const rates = runs.map((r) => r.perSecond);
  const pacedP99 = BELOW_MAX.map((_, k) => median(familyRuns.map((r) => percentile(r.paced[k]!.latenciesMs, 99))));
  const pacedRate = BELOW_MAX.map((_, k) => median(familyRuns.map((r) => r.paced[k]!.perSecond)));
  const ratios = runs.map((r, k) => r.perSecond / limits[k]!);
  const p = (q: number) => median(runs.map((r) => percentile(r.latenciesMs, q)));
  return [
    {
      name: `${name} through the collector`,
      value: median(rates),
      unit: `${unit}/s`,
      display: `${num(median(rates))} ${unit}/s (runs: ${rates.map((x) => num(x)).join(', ')})${failed(runs[0]!)}`,
    },
    {
      name: `${name}: acknowledgement latency p50 / p99`,
      value: p(50),
      unit: 'ms',
      display: `${num(p(50))} ms / ${num(p(99))} ms`,
    },
    {
      name: `${name}: acknowledgement latency p99 at 50 % / 90 % of the maximum`,
      value: pacedP99[1]!,
      unit: 'ms',
      display: `${num(pacedP99[0]!)} ms / ${num(pacedP99[1]!)} ms (at ${pacedRate.map((r) => num(r)).join(' / ')} ${unit}/s)`,
    },
    { name: `${name}: engine limit (embedded ClickHouse, same rows)`, value: median(limits), unit: `${unit}/s` },
    {
      name: `${name} through the collector / engine limit`,
      value: median(ratios),
      unit: '',
      display: `${pct(median(ratios))} (runs: ${ratios.map(pct).join(', ')})`,
      goal: RATIO_GOAL,
    },
  ];
}

/**
 * Interleaved rounds, alternating which side goes first (ABBA), so drift on a shared machine
 * falls on both: the collector in its own process under load, and the engine's limit in a child.
 */
export async function ingestBench(
  o: BenchOptions,
  fixture: Fixture,
  fixtureFile: string,
  log: (s: string) => void,
): Promise<Section> {
  const template = loadTemplate(fixture);
  const collector: CollectorRound[] = [];
  const engine: EngineResult[] = [];
  for (let r = 0; r < o.ingest.rounds; r++) {
    log(`ingest round ${r + 1}/${o.ingest.rounds}`);
    if (r % 2 === 0) {
      engine.push(await engineRound(o, fixtureFile));
      collector.push(await collectorRound(o, template, r));
    } else {
      collector.push(await collectorRound(o, template, r));
      engine.push(await engineRound(o, fixtureFile));
    }
  }
  return {
    title: INGEST_TITLE,
    figures: [
      ...family(
        'recorder batches',
        'events',
        collector.map((c) => c.recorder),
        engine.map((e) => e.recorderEventsPerSecond),
      ),
      ...family(
        'audit events',
        'records',
        collector.map((c) => c.audit),
        engine.map((e) => e.auditPerSecond),
      ),
      ...family(
        'change audits',
        'records',
        collector.map((c) => c.changes),
        engine.map((e) => e.changeAuditsPerSecond),
      ),
      ...family(
        'call logs',
        'records',
        collector.map((c) => c.calls),
        engine.map((e) => e.callLogsPerSecond),
      ),
    ],
    notes: [
      `Recorder load: ${o.ingest.recorders} simulated recorders over loopback to the collector in its own process (\`node --import tsx src/main.ts\`, embedded chDB, default LOUPE_FLUSH_ROWS/LOUPE_FLUSH_MS, rate limits raised). Each sends ${LOAD_SESSION_MS / 60_000}-minute sessions of the recorded fixture (${template.events.length} batches, ${template.totalEvents} events, the first batch holding the page's full snapshot) as gzipped JSON like the recorder, one batch at a time, waiting for each 202; fresh session ids, times an hour old.`,
      `"Events" are co-browse events plus rrweb events of acknowledged batches completed inside a ${o.ingest.windowMs / 1000} s window after a 2 s warm-up; latency is send-to-202 of those requests (p50/p99 per round, median over rounds).`,
      `Engine limit: in a child process on its own chDB folder, the rows RecorderSink writes for ${o.ingest.engineSessions} such sessions (cobrowse_events, replay_chunks, ingest_batches with its materialized view) and ${num(o.ingest.engineRecords)} audit events, change audits and call logs each, serialised as JSONEachRow beforehand and inserted in statements of up to 32 MB (the fastest of the paths tried: prepared text beats per-row encoding, large statements beat small ones). Audit and change-audit rows are inserted without the collector's hash-chain stamps.`,
      `Platform load: 4 senders posting arrays of ${PLATFORM_BATCH} records (JSON) for ${o.ingest.platformWindowMs / 1000} s after a 1 s warm-up; audit events, change audits (seed 000's shape) and call logs in turn.`,
      `Latency below saturation: after each maximum, the same senders paced at 50 % and 90 % of the requests per second it reached (each sender waits for its slot, fresh session ids), p99 of send-to-202 per round, median over rounds; the issue's goal is one flush interval + 100 ms.`,
      `${o.ingest.rounds} rounds, engine and collector alternating first; ratios are per round (paired), reported as their median.`,
    ],
  };
}
