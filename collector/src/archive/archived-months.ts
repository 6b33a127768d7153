import type { ClickHouseClient } from '@clickhouse/client';
import { ARCHIVE_RUNS_TABLE } from '@loupe/schemas';
import { z } from 'zod';
import { selectRows } from '../storage/queries/select.ts';
import type { ArchiveFiles } from './archive-files.ts';
import type { Source } from './archived-source.ts';

const doneRun = z.object({ month: z.coerce.number(), path: z.string() });
const column = z.object({ name: z.string(), type: z.string() });

/** The first and last millisecond of a `YYYYMM` month, in UTC. */
export function monthSpan(month: number): [number, number] {
  const y = Math.floor(month / 100);
  const m = (month % 100) - 1;
  return [Date.UTC(y, m, 1), Date.UTC(y, m + 1, 1) - 1];
}

/**
 * Which archived months a read covers. `include` true: all of them; false: none (the live table
 * only, the fast path); left out: those the read's time range touches, so a date-range report of
 * seed 000 (and the viewer, which never asks) finds an archived month's rows as before archiving.
 * No `from` reaches back to the first month.
 */
export function monthsToRead(
  months: readonly number[],
  range: { from?: number; to?: number },
  include: boolean | undefined,
): number[] {
  if (include === false) return [];
  if (include === true) return [...months];
  return months.filter((m) => {
    const [start, end] = monthSpan(m);
    return (range.from ?? -Infinity) <= end && (range.to ?? Infinity) >= start;
  });
}

/**
 * The FROM of a read: the live table, or the live table with the archived months the read
 * covers beside it. Only runs that are `done` are read: a month whose live rows are still being
 * deleted (exported) is read from the table alone, so no row is counted twice, and an abandoned
 * run's file is never read. Months that are read name their files, so the rest are not opened.
 */
export async function archiveSourceFor(
  client: ClickHouseClient,
  files: ArchiveFiles | undefined,
  tenantId: string,
  table: string,
  range: { from?: number; to?: number },
  include: boolean | undefined,
): Promise<Source | undefined> {
  if (include === false || !files?.hasAny(tenantId, table)) return undefined;
  const { rows: runs } = await selectRows(
    client,
    {
      sql: `SELECT month, path FROM ${ARCHIVE_RUNS_TABLE} FINAL
            WHERE tenant_id = {t:String} AND table_name = {tb:String} AND state = 'done' ORDER BY month, path`,
      params: { t: tenantId, tb: table },
    },
    doneRun,
  );
  const wanted = new Set(
    monthsToRead(
      runs.map((r) => r.month),
      range,
      include,
    ),
  );
  const paths = runs.filter((r) => wanted.has(r.month) && files.exists(r.path)).map((r) => r.path);
  if (paths.length === 0) return undefined;
  const { rows: columns } = await selectRows(
    client,
    {
      sql: 'SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = {t:String} ORDER BY position',
      params: { t: table },
    },
    column,
  );
  const params: Record<string, unknown> = { archive_structure: columns.map((c) => `${c.name} ${c.type}`).join(', ') };
  const parts = paths.map((p, i) => {
    params[`archive_p${i}`] = p;
    return `SELECT * FROM file({archive_p${i}:String}, 'Parquet', {archive_structure:String})`;
  });
  return { sql: `(SELECT * FROM ${table} UNION ALL ${parts.join(' UNION ALL ')})`, params };
}
