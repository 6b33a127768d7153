import type { ClickHouseClient } from '@clickhouse/client';
import type { z } from 'zod';
import { decodeCursor, encodeCursor, type Position } from './cursor.ts';
import { msParam, selectRows, type QueryStats, type SqlQuery } from './select.ts';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export interface Page<T> {
  items: T[];
  next: string | null;
  stats: QueryStats;
}

/** The filters every time-ranged read takes. Times are epoch milliseconds, both ends inclusive. */
export interface TimeRange {
  tenantId: string;
  from?: number;
  to?: number;
  limit?: number;
  cursor?: string;
  /** Read from this instead of the table (the table with its archive beside it). */
  source?: SqlQuery;
}

/** One condition of a WHERE clause with the parameters it binds. */
export interface Condition {
  sql: string;
  params?: Record<string, unknown>;
}

export interface NewestFirstSpec<S extends z.ZodType, T> {
  table: string;
  /** The time column that leads the sort key after tenant_id. */
  timeColumn: string;
  select: string;
  row: S;
  toItem: (row: z.infer<S>) => T;
  timeOf: (row: z.infer<S>) => number;
  idOf: (row: z.infer<S>) => string;
  where: Condition[];
}

/**
 * Builds the SELECT of one page keyed by (time, id), newest first unless `ascending` (exports
 * read oldest first). Ids are UUIDv7, so their text order is their creation order: rows with the
 * same time keep the order they were posted in.
 */
export function newestFirstQuery(
  range: TimeRange,
  spec: Pick<NewestFirstSpec<z.ZodType, unknown>, 'table' | 'timeColumn' | 'select' | 'where'>,
  ascending = false,
  /** No LIMIT: every row of the range in one query (exports stream it). */
  unbounded = false,
): SqlQuery {
  const t = spec.timeColumn;
  const limit = pageSize(range.limit);
  const conds: Condition[] = [{ sql: 'tenant_id = {tenant:String}', params: { tenant: range.tenantId } }];
  if (range.from !== undefined) conds.push({ sql: `${t} >= ${msParam('from')}`, params: { from: range.from } });
  if (range.to !== undefined) conds.push({ sql: `${t} <= ${msParam('to')}`, params: { to: range.to } });
  if (range.cursor !== undefined) {
    const c = decodeCursor(range.cursor);
    // The plain bound lets the primary key skip granules; the tuple breaks ties between equal times.
    const [bound, after] = ascending ? ['>=', '>'] : ['<=', '<'];
    conds.push({
      sql: `${t} ${bound} ${msParam('ct')} AND (${t}, toString(id)) ${after} (${msParam('ct')}, {cid:String})`,
      params: { ct: c.t, cid: c.id },
    });
  }
  conds.push(...spec.where);
  return {
    sql: `SELECT ${spec.select} FROM ${range.source?.sql ?? spec.table} WHERE ${conds.map((c) => `(${c.sql})`).join(' AND ')}
          ORDER BY ${t} ${ascending ? 'ASC' : 'DESC'}, toString(id) ${ascending ? 'ASC' : 'DESC'}${unbounded ? '' : ` LIMIT ${limit + 1}`}`,
    params: Object.assign({}, range.source?.params, ...conds.map((c) => c.params ?? {})),
  };
}

/** Reads one page, newest first, and the cursor of the next one when there is more. */
export async function pageNewestFirst<S extends z.ZodType, T>(
  client: ClickHouseClient,
  range: TimeRange,
  spec: NewestFirstSpec<S, T>,
  ascending = false,
): Promise<Page<T>> {
  const { rows, stats } = await selectRows(client, newestFirstQuery(range, spec, ascending), spec.row);
  return toPage(rows, pageSize(range.limit), stats, spec.toItem, (r) => ({ t: spec.timeOf(r), id: spec.idOf(r) }));
}

export const pageSize = (limit: number | undefined, max = MAX_PAGE_SIZE) => Math.min(limit ?? DEFAULT_PAGE_SIZE, max);

/**
 * Turns the `limit + 1` rows a page query fetched into a page: the extra row only says there is
 * more, and the last row kept is where the next page starts.
 */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  stats: QueryStats,
  toItem: (r: R) => T,
  positionOf: (r: R) => Position,
): Page<T> {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page.at(-1);
  return { items: page.map(toItem), next: more && last ? encodeCursor(positionOf(last)) : null, stats };
}
