// Child process: the same rows the collector stores for the load, inserted straight into embedded
// ClickHouse by the fastest path found (prepared JSONEachRow in large statements). One data folder
// per process, hence a child of its own.
import { migrate, openClickHouse } from '@loupe/collector/storage';
import {
  AUDIT_TABLE,
  CALL_LOG_TABLE,
  CHANGE_AUDIT_TABLE,
  toAuditRow,
  toCallLogRow,
  toChangeAuditRow,
} from '@loupe/schemas';
import { changeAudits } from '../storage/change-audit-workload.ts';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import type { Fixture } from '../fixture/fixture.ts';
import { childIo } from '../util/child.ts';
import { insertPrepared, jsonEachRowChunks } from './engine-insert.ts';
import { auditEvents, callLogs } from './platform-workload.ts';
import { BENCH_TENANT, RECORDER_TABLES, recorderRows } from './recorder-rows.ts';
import { loadSessionId, loadTemplate } from './recorder-workload.ts';

export interface EngineInput {
  fixtureFile: string;
  dataDir: string;
  sessions: number;
  platformRecords: number;
  now: number;
}
export interface EngineResult {
  recorderEventsPerSecond: number;
  recorderEvents: number;
  recorderMs: number;
  auditPerSecond: number;
  changeAuditsPerSecond: number;
  callLogsPerSecond: number;
}

const { input, done } = childIo<EngineInput>();
const fixture = JSON.parse(readFileSync(input.fixtureFile, 'utf8')) as Fixture;
const client = await openClickHouse({ kind: 'embedded', dataDir: input.dataDir });
await migrate(client);

async function timed(tables: [string, string[]][]): Promise<number> {
  const t0 = performance.now();
  for (const [table, chunks] of tables) await insertPrepared(client, table, chunks);
  return performance.now() - t0;
}

// Recorder batches: the rows RecorderSink writes for them (events, replay chunk, receipt).
const template = loadTemplate(fixture, input.now);
const rows: Record<string, object[]> = {};
for (let s = 0; s < input.sessions; s++) recorderRows(template.batchesOf(loadSessionId('engine', s)), rows);
const events = input.sessions * template.totalEvents;
const recorderMs = await timed(RECORDER_TABLES.map((t) => [t, jsonEachRowChunks(rows[t]!)]));

const meta = () => ({ id: randomUUID(), keyId: 'bench', receivedAt: input.now });
const auditMs = await timed([
  [
    AUDIT_TABLE,
    jsonEachRowChunks(auditEvents(input.platformRecords, input.now).map((e) => toAuditRow(BENCH_TENANT, e, meta()))),
  ],
]);
const changeMs = await timed([
  [
    CHANGE_AUDIT_TABLE,
    jsonEachRowChunks(
      changeAudits(input.platformRecords, input.now).map((c) => toChangeAuditRow(BENCH_TENANT, c, meta())),
    ),
  ],
]);
const callMs = await timed([
  [
    CALL_LOG_TABLE,
    jsonEachRowChunks(callLogs(input.platformRecords, input.now).map((c) => toCallLogRow(BENCH_TENANT, c, meta()))),
  ],
]);

done({
  recorderEventsPerSecond: events / (recorderMs / 1000),
  recorderEvents: events,
  recorderMs,
  auditPerSecond: input.platformRecords / (auditMs / 1000),
  changeAuditsPerSecond: input.platformRecords / (changeMs / 1000),
  callLogsPerSecond: input.platformRecords / (callMs / 1000),
} satisfies EngineResult);
