import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import type { SqlQuery } from '../storage/queries/select.ts';
import { selectRows } from '../storage/queries/select.ts';
import type { ArchiveFiles } from './archive-files.ts';

/** A FROM clause and its parameters: a table, or a table with its tenant's archive beside it. */
export type Source = SqlQuery;

const column = z.object({ name: z.string(), type: z.string() });

/**
 * A table's rows live and archived, as one source: the archived Parquet files are read with the
 * table's own structure, so ids, times and chain columns come back with their types. Used where
 * a read asks to include archived data and by the chain verifier, which needs every row.
 */
export async function withArchive(
  client: ClickHouseClient,
  files: ArchiveFiles | undefined,
  tenantId: string,
  table: string,
): Promise<Source> {
  if (!files?.hasAny(tenantId, table)) return { sql: table, params: {} };
  const { rows } = await selectRows(
    client,
    {
      sql: `SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = {t:String} ORDER BY position`,
      params: { t: table },
    },
    column,
  );
  return {
    sql: `(SELECT * FROM ${table} UNION ALL SELECT * FROM file({archive_glob:String}, 'Parquet', {archive_structure:String}))`,
    params: {
      archive_glob: files.globFor(tenantId, table),
      archive_structure: rows.map((r) => `${r.name} ${r.type}`).join(', '),
    },
  };
}
