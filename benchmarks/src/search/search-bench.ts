// `npx tsx benchmarks/src/search/search-bench.ts [--sessions N] [--before-15]`: what finding sessions (issue 17)
// costs beside the plain session list, on embedded ClickHouse. Stand-alone (not in RESULTS.md yet):
// it answers whether rage and dead clicks can be found at query time, or must be found at ingest.
import { migrate, openClickHouse, selectRows } from '@loupe/collector/storage';
import { sessionListQuery, type SessionFilter } from '@loupe/collector/sessions/queries';
import {
  BATCH_TABLE,
  COBROWSE_TABLE,
  REPLAY_TABLE,
  sessionRow,
  toBatchRow,
  toCobrowseRow,
  toReplayChunkRow,
  type CobrowseEvent,
  type RecorderBatch,
  type ReplayEvent,
} from '@loupe/schemas';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { median } from '../util/stats.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SESSIONS = arg('sessions', 1_000);
/** `--before-15`: chunks stored as before migration 15, with no effect times (dead clicks parse payloads). */
const BEFORE_15 = process.argv.includes('--before-15');
const BATCHES = 8;
const CLICKS_PER_BATCH = 5;
const REPEATS = 5;
const TENANT = 'bench-search';
const DAY = 86_400_000;
const now = Math.floor(Date.now() / DAY) * DAY - DAY;

/** A full snapshot of some 20 KB, as a product page's is when packed. */
const snapshot = (t: number): ReplayEvent => ({
  type: 2,
  timestamp: t,
  data: {
    node: {
      type: 0,
      id: 1,
      childNodes: Array.from({ length: 200 }, (_, i) => ({ type: 3, id: i + 2, textContent: `Item ${i} `.repeat(10) })),
    },
    initialOffset: { top: 0, left: 0 },
  },
});

/** Session s: every 10th rage-clicks, every 7th has clicks nobody answered, the rest answer each click. */
function batches(s: number): RecorderBatch[] {
  const t0 = now + (s * DAY) / SESSIONS;
  const out: RecorderBatch[] = [];
  for (let b = 0; b < BATCHES; b++) {
    const start = t0 + b * 5_000;
    const events: CobrowseEvent[] = [];
    const replay: ReplayEvent[] =
      b === 0
        ? [
            { type: 4, timestamp: start, data: { href: 'https://shop.example/', width: 1280, height: 720 } },
            snapshot(start + 1),
          ]
        : [];
    for (let c = 0; c < CLICKS_PER_BATCH; c++) {
      const rage = s % 10 === 0 && b === 3;
      const at = start + 10 + c * (rage ? 150 : 900);
      events.push({
        type: 'CLICK',
        ts: at,
        url: `https://shop.example/p/${s % 50}`,
        data: { target: rage ? 'pay' : `btn-${c}`, text: `Button ${c}` },
      });
      const answered = !(s % 7 === 0 && b === 5);
      if (answered)
        replay.push({
          type: 3,
          timestamp: at + 50,
          data: { source: 0, texts: [], attributes: [{ id: 2, attributes: { class: 'on' } }], removes: [], adds: [] },
        });
      replay.push({
        type: 3,
        timestamp: at + 30,
        data: { source: 1, positions: [{ x: c, y: b, id: 1, timeOffset: 0 }] },
      });
    }
    replay.push({
      type: 3,
      timestamp: start + 4_900,
      data: { source: 1, positions: [{ x: 1, y: 1, id: 1, timeOffset: 0 }] },
    });
    replay.sort((x, y) => x.timestamp - y.timestamp);
    out.push({
      v: 1,
      sessionId: `s-${s}`,
      seq: b,
      isAgent: false,
      user: { id: `cust-${s}`, name: `Customer ${s}` },
      sentAt: start + 4_900,
      events,
      replay,
    });
  }
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'loupe-search-bench-'));
const client = await openClickHouse({ kind: 'embedded', dataDir: dir });
try {
  await migrate(client);
  const t = performance.now();
  for (let from = 0; from < SESSIONS; from += 100) {
    const all = Array.from({ length: Math.min(100, SESSIONS - from) }, (_, i) => batches(from + i)).flat();
    const values = (rows: object[]) => ({ values: rows, format: 'JSONEachRow' as const });
    await client.insert({
      table: COBROWSE_TABLE,
      ...values(all.flatMap((b) => b.events.map((e, i) => toCobrowseRow(TENANT, b, e, i)))),
    });
    await client.insert({
      table: REPLAY_TABLE,
      ...values(
        all.map((b) => {
          const row = toReplayChunkRow(TENANT, b, b.replay)!;
          return BEFORE_15 ? { ...row, effect_ms: [], effects_known: false } : row;
        }),
      ),
    });
    await client.insert({ table: BATCH_TABLE, ...values(all.map((b) => toBatchRow(TENANT, b, b.sentAt))) });
  }
  console.error(
    `stored ${SESSIONS} sessions (${SESSIONS * BATCHES} batches) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );

  const base: SessionFilter = { tenantId: TENANT, from: now, to: now + DAY, limit: 50 };
  const cases: [string, SessionFilter][] = [
    ['list of a day (baseline)', base],
    ['user contains', { ...base, user: 'customer 42' }],
    ['clicked text contains', { ...base, clickText: 'button 3' }],
    ['has rage clicks', { ...base, rageClicks: true }],
    ['has dead clicks', { ...base, deadClicks: true }],
  ];
  const rows: string[] = [];
  let baseMs = 0;
  for (const [label, f] of cases) {
    const times: number[] = [];
    let found = 0;
    let read = 0;
    // One run first, not counted: the plain list would otherwise pay for the cold start of all.
    await selectRows(client, sessionListQuery(f), sessionRow);
    for (let r = 0; r < REPEATS; r++) {
      const t1 = performance.now();
      const { rows: got, stats } = await selectRows(client, sessionListQuery(f), sessionRow);
      times.push(performance.now() - t1);
      found = got.length;
      read = stats.rowsRead;
    }
    const ms = median(times);
    if (!baseMs) baseMs = ms;
    rows.push(
      `| ${label} | ${found} | ${read.toLocaleString('en')} | ${ms.toFixed(0)} ms | ${(ms / baseMs).toFixed(2)}x |`,
    );
  }
  console.log(
    `${SESSIONS} sessions in one day, ${SESSIONS * BATCHES * CLICKS_PER_BATCH} clicks, median of ${REPEATS}${BEFORE_15 ? ', chunks stored before migration 15' : ''}`,
  );
  console.log('| query | sessions found (page of 50) | rows read | time | vs the plain list |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) console.log(r);
} finally {
  await client.close();
  rmSync(dir, { recursive: true, force: true });
}
