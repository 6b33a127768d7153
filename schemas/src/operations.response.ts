import { z } from 'zod';
import { ARCHIVED_TABLES, ARCHIVE_STATES, type ArchivedTable } from './archive.table.ts';
import { AUDIT_TABLE } from './audit-event.table.ts';
import { CHANGE_AUDIT_TABLE } from './change-audit.table.ts';
import { isoTime, page } from './page.response.ts';

const archivedTable = z.enum(ARCHIVED_TABLES.map((t) => t.table) as [ArchivedTable, ...ArchivedTable[]]);

/** One month of one table moving to the archive (GET /v1/archive/runs, newest first). */
export const archiveRun = z.object({
  table: archivedTable,
  /** YYYYMM, e.g. 202401. */
  month: z.number(),
  state: z.enum(ARCHIVE_STATES),
  rows: z.number(),
  startedAt: isoTime,
  updatedAt: isoTime,
});
export type ArchiveRun = z.infer<typeof archiveRun>;
export const archiveRunPage = page(archiveRun);

/** What POST /v1/archive/run moved: one entry per table and month. */
export const archiveResult = z.object({
  archived: z.array(z.object({ table: archivedTable, month: z.number(), rows: z.number() })),
});
export type ArchiveResult = z.infer<typeof archiveResult>;

/** GET /v1/integrity/verify: a report per audit chain; `firstProblem` names the first tampered row. */
export const chainReport = z.object({
  table: z.enum([AUDIT_TABLE, CHANGE_AUDIT_TABLE]),
  ok: z.boolean(),
  rowsChecked: z.number(),
  chains: z.number(),
  firstProblem: z
    .object({
      chainId: z.string(),
      seq: z.number(),
      id: z.string(),
      kind: z.enum(['changed', 'removed', 'inserted out of order']),
      message: z.string(),
    })
    .nullable(),
});
export const integrityResult = z.object({ ok: z.boolean(), reports: z.array(chainReport) });

/** POST /v1/sql: the rows as objects, the columns with their ClickHouse types, and whether rows were cut. */
export const sqlResult = z.object({
  items: z.array(z.record(z.string(), z.unknown())),
  columns: z.array(z.object({ name: z.string(), type: z.string() })),
  truncated: z.boolean(),
});

/**
 * GET /readyz (and /healthz, its alias). Ready (200) while writes are acknowledged: `ok` with
 * storage up, `degraded` while ClickHouse is down or up but failing writes (`writes`), which then go
 * to the spool (`spooled` waiting). `unavailable` (503) only when the spool cannot take them either
 * (`spool`: full or broken). `quarantined`: spooled records storage kept refusing.
 */
export const health = z.object({
  status: z.enum(['ok', 'degraded', 'unavailable']),
  clickhouse: z.enum(['up', 'down']),
  writes: z.literal('failing').optional(),
  error: z.string().optional(),
  spooled: z.number().int().optional(),
  spool: z.enum(['full', 'broken']).optional(),
  quarantined: z.number().int().optional(),
});

/** GET /livez: the process answers; nothing else is checked, so a storage outage restarts nothing. */
export const liveness = z.object({ status: z.literal('ok') });

/** POST /v1/ingest: stored (or stored before: `duplicate`), and how much of it. */
export const ingestAccepted = z.object({
  stored: z.literal(true),
  duplicate: z.boolean(),
  spooled: z.boolean(),
  events: z.number(),
  replay: z.number(),
  /** Only on a session's first batch: its later batches must carry it (X-Loupe-Session-Secret or ?ss=). */
  sessionSecret: z.string().optional(),
});
