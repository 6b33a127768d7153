import { COBROWSE_TABLE } from '@loupe/schemas';
import { rmSync } from 'node:fs';
import type { BenchOptions } from '../bench-options.ts';
import { startCollector } from '../collector/collector-process.ts';
import { timedGet } from '../collector/http-get.ts';
import type { Figure, Goal, Section } from '../report/figure.ts';
import { bytes, ms, num, pct } from '../report/format.ts';
import { COBROWSE_DISK_GOAL } from '../storage/storage-bench.ts';
import { runChild } from '../util/child.ts';
import { scratchDir } from '../util/scratch-dir.ts';
import { median } from '../util/stats.ts';
import type { QueryInput, QueryResult } from './query-child.ts';
import { READS, type ReadName } from './reads.ts';

export const QUERY_TITLE = '3. Query cost on large tables';
const ONE_SESSION_GOAL: Goal = { op: '<', target: 0.005, text: '< 0.5 % of the table read' };
/** Issue 14: an export reads each row of its range once. */
const EXPORT_READ_GOAL: Goal = { op: '<=', target: 1.1, text: '≤ 1.1 × the rows in its range' };
const EXPORT_READ_FIGURE = "a month's change-audit CSV export: rows read / rows in its range";
const DISK_FIGURE = `disk: ${COBROWSE_TABLE} bytes per row (generated table, realistic values)`;
export const QUERY_FIGURES = [
  ...READS.filter((r) => r.oneSession).map((r) => ({
    name: `${r.label}: rows read / rows in table`,
    goal: ONE_SESSION_GOAL,
  })),
  { name: EXPORT_READ_FIGURE, goal: EXPORT_READ_GOAL },
  { name: DISK_FIGURE, goal: COBROWSE_DISK_GOAL },
];

/** Each route over HTTP against the collector on the built tables, `repeats` times; the median. */
async function httpLatencies(
  dataDir: string,
  r: QueryResult,
  repeats: number,
): Promise<Record<ReadName, { ms: number; bytes: number; status: number }>> {
  const c = await startCollector({ dataDir, timeoutMs: 120_000 });
  try {
    const out = {} as Record<ReadName, { ms: number; bytes: number; status: number }>;
    for (const read of READS) {
      const runs = [];
      for (let i = 0; i < repeats; i++) runs.push(await timedGet(c.url + read.path(r.params)));
      out[read.name] = { ms: median(runs.map((x) => x.ms)), bytes: runs[0]!.bytes, status: runs[0]!.status };
    }
    return out;
  } finally {
    await c.stop();
  }
}

export async function queryBench(o: BenchOptions, log: (s: string) => void): Promise<Section> {
  const dataDir = scratchDir('query');
  const q = o.query;
  try {
    log(`query cost: building ${num(q.events)} co-browse events over ${num(q.sessions)} sessions...`);
    const input: QueryInput = {
      dataDir,
      repeats: q.repeats,
      sizes: {
        events: q.events,
        sessions: q.sessions,
        auditEvents: q.auditEvents,
        callLogs: q.callLogs,
        changeAudits: q.changeAudits,
        now: Date.now(),
      },
    };
    const r = await runChild<QueryResult>('query/query-child.ts', input, 1_800_000);
    log('query cost: the same reads over HTTP');
    const http = await httpLatencies(dataDir, r, q.repeats);
    const figures: Figure[] = [];
    for (const read of READS) {
      const cost = r.reads.find((x) => x.name === read.name)!;
      const h = http[read.name];
      const share = cost.rowsRead / Math.max(1, cost.tableRows);
      figures.push({
        name: `${read.label}: rows read / rows in table`,
        value: share,
        unit: '',
        display: `${pct(share)} (${num(cost.rowsRead)} of ${num(cost.tableRows)} rows of ${cost.table}; ${num(cost.resultRows)} rows answered)`,
        ...(read.oneSession ? { goal: ONE_SESSION_GOAL } : {}),
      });
      figures.push({
        name: `${read.label}: latency over HTTP (median)`,
        value: h.status === 200 ? h.ms : null,
        unit: 'ms',
        display: `${ms(h.ms)} (${bytes(h.bytes)} answered; in-process query ${ms(cost.ms)})`,
        ...(h.status === 200 ? {} : { notMeasured: `the route answered ${h.status}` }),
      });
    }
    const exported = r.reads.find((x) => x.name === 'changeAuditExport')!;
    figures.push({
      name: EXPORT_READ_FIGURE,
      value: exported.rowsRead / Math.max(1, exported.resultRows),
      unit: '×',
      display: `${(exported.rowsRead / Math.max(1, exported.resultRows)).toFixed(2)} × (${num(exported.rowsRead)} read for ${num(exported.resultRows)} exported)`,
      goal: EXPORT_READ_GOAL,
    });
    figures.push({
      name: DISK_FIGURE,
      value: r.cobrowseBytesPerRow,
      unit: 'B/row',
      goal: COBROWSE_DISK_GOAL,
    });
    return {
      title: QUERY_TITLE,
      figures,
      notes: [
        `Tables built in a child process with INSERT … SELECT FROM numbers(N) (${ms(r.buildMs)}): ${Object.entries(
          r.tableRows,
        )
          .map(([t, n]) => `${t} ${num(n)}`)
          .join(
            ', ',
          )}.${o.quick ? ' Quick mode: a tenth of the full sizes (full: 10M events over 10,000 sessions, 1M audit events, call logs and change audits); one granule (8,192 rows) is then a larger share of a table, so per-session shares are up to 10× the full-size ones.' : ''}`,
        'Values: random-looking session ids, sessions of ~1,000 events at 0.5-3 s an event starting over 30 days, a type mix of 35 % scrolls, 25 % clicks, 20 % inputs; replay chunks of 4-28 KB (a 200 KB snapshot every 60th); `sessions` filled through its materialized view by inserting the receipts into ingest_batches; call logs over the 28 days their retention keeps, ~20 % errors across 8 bots; change audits over a year; audit events over 90 days.',
        "rows read are ClickHouse's own read_rows from the JSON statistics of the collector's query builders (sessionEventsQuery with the viewer's limit of 10,000, replayWindowQuery for one minute five minutes in, sessionListQuery for the session's day, listCallLogs with bot + status=error over a week, and the export's one streamed query, exportQuery).",
        `Latency: the routes over HTTP against the collector started on the same data folder (${q.repeats} requests each, median, whole body read); in-process is the builder's query alone. The cobrowse_events bytes per row here are from system.parts right after the inserts (no OPTIMIZE).`,
      ],
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
