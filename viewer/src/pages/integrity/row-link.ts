import type { ApiClient } from '../../api/api-client.ts';
import { withQuery } from '../../api/query.ts';
import type { SqlResult } from '../sql/sql-result.ts';

export type ChainedTable = 'audit_events' | 'change_audits';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const localDay = (ms: number) => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** What each chained table's list page filters by, read from the row (through the analyst SQL route). */
const LOOKUP: Record<
  ChainedTable,
  { path: string; sql: (id: string) => string; filters: (r: Record<string, unknown>) => Record<string, string> }
> = {
  audit_events: {
    path: '/audit-events',
    sql: (id) =>
      `SELECT toString(toUnixTimestamp64Milli(ts)) AS ms, type, user_id FROM audit_events WHERE id = toUUID('${id}') LIMIT 1`,
    filters: (r) => ({ type: String(r.type), userId: String(r.user_id) }),
  },
  change_audits: {
    path: '/change-audits',
    sql: (id) =>
      `SELECT toString(toUnixTimestamp64Milli(action_date)) AS ms, facility, username FROM change_audits WHERE id = toUUID('${id}') LIMIT 1`,
    filters: (r) => ({ facility: String(r.facility), username: String(r.username) }),
  },
};

/**
 * A link to a named row in its list: the list filtered to the row's day, type and user (the
 * filters the list has), with `id` for the row's own detail pane once the list opens it by id.
 * The row is looked up with the analyst SQL route, open to the same admins as verification;
 * a row that cannot be read (removed, or the lookup refused) still gets a link by id.
 */
export async function rowLink(api: ApiClient, table: ChainedTable, id: string): Promise<string> {
  const spec = LOOKUP[table];
  if (!UUID.test(id)) return spec.path;
  try {
    const r = await api.send<SqlResult>('POST', '/v1/sql', { query: spec.sql(id) });
    const row = r.items[0];
    if (!row) return withQuery(spec.path, { id });
    const day = localDay(Number(row.ms));
    return withQuery(spec.path, { ...spec.filters(row), from: day, to: day, id });
  } catch {
    return withQuery(spec.path, { id });
  }
}
