// Child process: builds the large tables with INSERT … SELECT FROM numbers(N), then measures what
// each read of the viewer and the API costs, with the collector's own query builders: ClickHouse's
// read_rows (from its JSON statistics) and the time in-process.
import type { ClickHouseClient } from '../util/clickhouse-client.ts';
import { migrate, openClickHouse, selectRows, type QueryStats } from '@loupe/collector/storage';
import { changeAuditSpec, exportQuery, listCallLogs } from '@loupe/collector/records/queries';
import { replayWindowQuery, sessionEventsQuery, sessionListQuery } from '@loupe/collector/sessions/queries';
import {
  AUDIT_TABLE,
  CALL_LOG_TABLE,
  CHANGE_AUDIT_TABLE,
  COBROWSE_TABLE,
  REPLAY_TABLE,
  SESSIONS_TABLE,
  BATCH_TABLE,
  cobrowseRow,
  replayChunkRow,
  sessionRow,
} from '@loupe/schemas';
import { performance } from 'node:perf_hooks';
import { childIo } from '../util/child.ts';
import { median } from '../util/stats.ts';
import { TENANT, batchSqls, cobrowseSql, platformSqls, type TableSizes } from './generate-tables.ts';
import { READS, type ReadName, type ReadParams } from './reads.ts';

export interface QueryInput {
  sizes: TableSizes;
  dataDir: string;
  repeats: number;
}
export interface ReadCost {
  name: ReadName;
  table: string;
  tableRows: number;
  rowsRead: number;
  resultRows: number;
  ms: number;
}
export interface QueryResult {
  buildMs: number;
  tableRows: Record<string, number>;
  cobrowseBytesPerRow: number;
  params: ReadParams;
  reads: ReadCost[];
}

const { input, done } = childIo<QueryInput>();
const client = await openClickHouse({ kind: 'embedded', dataDir: input.dataDir });
await migrate(client);
const z0 = input.sizes;

const t0 = performance.now();
for (const sql of [cobrowseSql(z0), ...batchSqls(z0), ...platformSqls(z0)]) await client.command({ query: sql });
const buildMs = performance.now() - t0;

/** The first row of a query; numbers arrive bare or quoted, so callers pass them through Number(). */
async function first(sql: string): Promise<Record<string, string | number>> {
  const r = await client.query({ query: sql, format: 'JSONEachRow' });
  const row = ((await r.json()) as Record<string, string | number>[])[0];
  if (!row) throw new Error(`no row for: ${sql.slice(0, 200)}`);
  return row;
}

const tableRows: Record<string, number> = {};
for (const t of [
  COBROWSE_TABLE,
  REPLAY_TABLE,
  BATCH_TABLE,
  SESSIONS_TABLE,
  AUDIT_TABLE,
  CALL_LOG_TABLE,
  CHANGE_AUDIT_TABLE,
]) {
  tableRows[t] = Number((await first(`SELECT count() AS n FROM ${t}`)).n);
}
const disk = await first(
  `SELECT sum(data_compressed_bytes) AS c, sum(rows) AS r FROM system.parts WHERE active AND database = currentDatabase() AND table = '${COBROWSE_TABLE}'`,
);

// The session every per-session read asks for: one from the middle of the generated range.
const found = await first(
  `SELECT session_id, toUnixTimestamp64Milli(min(ts)) AS start, toUnixTimestamp64Milli(max(ts)) AS end FROM ${COBROWSE_TABLE}
   WHERE session_id = (SELECT session_id FROM ${COBROWSE_TABLE} ORDER BY session_id LIMIT 1 OFFSET ${Math.floor(z0.events / 2)}) GROUP BY session_id`,
);
const target = { session_id: String(found.session_id), start: Number(found.start), end: Number(found.end) };
const dayStart = Math.floor(target.start / 86_400_000) * 86_400_000;
const params: ReadParams = {
  tenantId: TENANT,
  sessionId: target.session_id,
  sessionStart: target.start,
  sessionEnd: target.end,
  dayFrom: dayStart,
  dayTo: dayStart + 86_400_000 - 1,
  bot: 'Support bot',
  weekFrom: z0.now - 8 * 86_400_000,
  weekTo: z0.now - 86_400_000,
  monthFrom: Date.UTC(new Date(z0.now).getUTCFullYear(), new Date(z0.now).getUTCMonth() - 2, 1),
  monthTo: Date.UTC(new Date(z0.now).getUTCFullYear(), new Date(z0.now).getUTCMonth() - 1, 1) - 1,
};

/** The export is one query over the month, as the CSV route streams it; its cost is that query's. */
async function exportMonth(c: ClickHouseClient): Promise<{ rows: number; stats: QueryStats }> {
  const range = { tenantId: TENANT, from: params.monthFrom, to: params.monthTo };
  const spec = changeAuditSpec(range);
  const r = await selectRows(c, exportQuery(range, spec), spec.row);
  return { rows: r.rows.length, stats: r.stats };
}

const run: Record<ReadName, () => Promise<{ rows: number; stats: QueryStats }>> = {
  sessionEvents: async () => {
    const r = await selectRows(
      client,
      sessionEventsQuery({ tenantId: TENANT, sessionId: params.sessionId, limit: 10_000 }),
      cobrowseRow,
    );
    return { rows: r.rows.length, stats: r.stats };
  },
  replayWindow: async () => {
    const from = params.sessionStart + 5 * 60_000;
    const r = await selectRows(
      client,
      replayWindowQuery({ tenantId: TENANT, sessionId: params.sessionId, from, to: from + 60_000 }),
      replayChunkRow,
    );
    return { rows: r.rows.length, stats: r.stats };
  },
  sessionList: async () => {
    const r = await selectRows(
      client,
      sessionListQuery({ tenantId: TENANT, from: params.dayFrom, to: params.dayTo }),
      sessionRow,
    );
    return { rows: r.rows.length, stats: r.stats };
  },
  callLogErrors: async () => {
    const p = await listCallLogs(client, {
      tenantId: TENANT,
      bot: params.bot,
      status: 'error',
      from: params.weekFrom,
      to: params.weekTo,
    });
    return { rows: p.items.length, stats: p.stats };
  },
  changeAuditExport: () => exportMonth(client),
};

const reads: ReadCost[] = [];
for (const read of READS) {
  const times: number[] = [];
  let last = { rows: 0, stats: { rowsRead: 0, bytesRead: 0, elapsedMs: 0 } };
  for (let i = 0; i < input.repeats; i++) {
    const s = performance.now();
    last = await run[read.name]();
    times.push(performance.now() - s);
  }
  reads.push({
    name: read.name,
    table: read.table,
    tableRows: tableRows[read.table]!,
    rowsRead: last.stats.rowsRead,
    resultRows: last.rows,
    ms: median(times),
  });
}
done({
  buildMs,
  tableRows,
  cobrowseBytesPerRow: Number(disk.c) / Math.max(1, Number(disk.r)),
  params,
  reads,
} satisfies QueryResult);
