import { z } from 'zod';
import { AUDIT_TABLE } from './audit-event.table.ts';
import { CALL_LOG_TABLE } from './call-log.table.ts';
import { CHANGE_AUDIT_TABLE } from './change-audit.table.ts';
import { COBROWSE_TABLE } from './cobrowse-event.table.ts';
import { REPLAY_TABLE } from './replay-chunk.table.ts';
import { DATETIME, chInt } from './row.ts';
import { BATCH_TABLE } from './session.table.ts';

/**
 * What archiving moves, and by which time column. The `sessions` summary is not among them: its
 * aggregate states have no Parquet form, and it is rebuilt from `ingest_batches`, which is; its
 * rows for archived months are dropped with them. `arrival` bounds a run to rows that had arrived
 * when it started, so a row imported into an old month during a run is left for the next run
 * instead of being deleted unarchived. Tables without one only ever get rows within a day of now.
 */
export const ARCHIVED_TABLES = [
  { table: COBROWSE_TABLE, time: 'ts' },
  { table: REPLAY_TABLE, time: 'first_ts' },
  { table: BATCH_TABLE, time: 'first_ts', arrival: 'received_at' },
  { table: AUDIT_TABLE, time: 'ts', arrival: 'received_at' },
  { table: CHANGE_AUDIT_TABLE, time: 'action_date', arrival: 'received_at' },
  { table: CALL_LOG_TABLE, time: 'ts', arrival: 'received_at' },
] as const satisfies readonly { table: string; time: string; arrival?: string }[];
export type ArchivedTable = (typeof ARCHIVED_TABLES)[number]['table'];

export const ARCHIVE_RUNS_TABLE = 'archive_runs';

/** One month of one table of one tenant moving to one Parquet file: exporting → exported → done. */
export const archiveDdl = [
  `CREATE TABLE IF NOT EXISTS ${ARCHIVE_RUNS_TABLE} (
    tenant_id String,
    table_name LowCardinality(String),
    month UInt32,
    path String,
    state LowCardinality(String),
    rows UInt64,
    started_at ${DATETIME},
    updated_at ${DATETIME},
    version UInt64
  ) ENGINE = ReplacingMergeTree(version)
  ORDER BY (tenant_id, table_name, month, path)`,
] as const;

export const ARCHIVE_STATES = ['exporting', 'exported', 'done', 'abandoned'] as const;
export const archiveRunRow = z.object({
  table_name: z.string(),
  month: chInt,
  path: z.string(),
  state: z.enum(ARCHIVE_STATES),
  rows: chInt,
  started_ms: chInt,
  updated_ms: chInt,
  version: chInt,
});
export type ArchiveRunRow = z.infer<typeof archiveRunRow>;
export const ARCHIVE_RUN_SELECT =
  'table_name, month, path, state, rows, toUnixTimestamp64Milli(started_at) AS started_ms, toUnixTimestamp64Milli(updated_at) AS updated_ms, version';
