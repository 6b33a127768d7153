// Child process: stores fixture sessions and platform records with the collector's own row
// mappings, merges every part (OPTIMIZE FINAL) and reads what each table costs on disk.
import { migrate, openClickHouse } from '@loupe/collector/storage';
import {
  AUDIT_TABLE,
  BATCH_TABLE,
  CALL_LOG_TABLE,
  CHANGE_AUDIT_TABLE,
  COBROWSE_TABLE,
  REPLAY_TABLE,
  SESSIONS_TABLE,
  toAuditRow,
  toCallLogRow,
  toChangeAuditRow,
} from '@loupe/schemas';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Fixture } from '../fixture/fixture.ts';
import { benchSessionId, sessionBatches } from '../fixture/session-factory.ts';
import { insertPrepared, jsonEachRowChunks } from '../ingest/engine-insert.ts';
import { auditEvents, callLogs } from '../ingest/platform-workload.ts';
import { BENCH_TENANT, recorderRows } from '../ingest/recorder-rows.ts';
import { changeAudits } from './change-audit-workload.ts';
import { childIo } from '../util/child.ts';

export interface StorageInput {
  fixtureFile: string;
  dataDir: string;
  sessions: number;
  sessionMs: number;
  platformRecords: number;
}
export interface TableCost {
  table: string;
  rows: number;
  compressedBytes: number;
  uncompressedBytes: number;
}
export interface StorageResult {
  tables: TableCost[];
  payload: { compressed: number; uncompressed: number };
}

export const STORED_TABLES = [
  COBROWSE_TABLE,
  REPLAY_TABLE,
  BATCH_TABLE,
  SESSIONS_TABLE,
  AUDIT_TABLE,
  CHANGE_AUDIT_TABLE,
  CALL_LOG_TABLE,
];

const { input, done } = childIo<StorageInput>();
const fixture = JSON.parse(readFileSync(input.fixtureFile, 'utf8')) as Fixture;
const client = await openClickHouse({ kind: 'embedded', dataDir: input.dataDir });
await migrate(client);
const now = Date.now();

const rows: Record<string, object[]> = {};
for (let s = 0; s < input.sessions; s++) {
  // Sessions spread over the last 20 hours, one user in three signed in.
  const start = now - 20 * 3_600_000 + Math.floor((s * 20 * 3_600_000) / input.sessions);
  const user = s % 3 === 0 ? { id: `cust-${s}`, name: `Customer ${s}` } : undefined;
  recorderRows(
    sessionBatches(fixture, {
      sessionId: benchSessionId('disk', s),
      start,
      durationMs: input.sessionMs,
      ...(user ? { user } : {}),
    }),
    rows,
  );
}
const meta = () => ({ id: randomUUID(), keyId: 'bench', receivedAt: now });
rows[AUDIT_TABLE] = auditEvents(input.platformRecords, now).map((e) => toAuditRow(BENCH_TENANT, e, meta()));
rows[CALL_LOG_TABLE] = callLogs(input.platformRecords, now).map((c) => toCallLogRow(BENCH_TENANT, c, meta()));
rows[CHANGE_AUDIT_TABLE] = changeAudits(input.platformRecords, now).map((c) =>
  toChangeAuditRow(BENCH_TENANT, c, meta()),
);
for (const [table, list] of Object.entries(rows)) await insertPrepared(client, table, jsonEachRowChunks(list));

for (const table of STORED_TABLES) await client.command({ query: `OPTIMIZE TABLE ${table} FINAL` });
const parts = await client.query({
  query: `SELECT table, sum(rows) AS rows, sum(data_compressed_bytes) AS c, sum(data_uncompressed_bytes) AS u
          FROM system.parts WHERE active AND database = currentDatabase() AND table IN {tables:Array(String)} GROUP BY table`,
  query_params: { tables: STORED_TABLES },
  format: 'JSONEachRow',
});
const tables = ((await parts.json()) as { table: string; rows: number; c: number; u: number }[]).map((r) => ({
  table: r.table,
  rows: Number(r.rows),
  compressedBytes: Number(r.c),
  uncompressedBytes: Number(r.u),
}));
const col = await client.query({
  query: `SELECT sum(data_compressed_bytes) AS c, sum(data_uncompressed_bytes) AS u FROM system.columns
          WHERE database = currentDatabase() AND table = '${REPLAY_TABLE}' AND name = 'payload'`,
  format: 'JSONEachRow',
});
const [p] = (await col.json()) as { c: number; u: number }[];
done({ tables, payload: { compressed: Number(p?.c ?? 0), uncompressed: Number(p?.u ?? 0) } } satisfies StorageResult);
