import { ApiFailure, type ApiClient } from '../../api/api-client.ts';
import type { SqlResult } from './sql-result.ts';

/**
 * The tables analysts query (the product's contract names them; the collector's
 * analyst-sql/analyst-tables.ts is the list it enforces). Kept here rather than imported because
 * @loupe/schemas's index brings zod with it, which the viewer does not ship.
 */
export const ANALYST_TABLE_NAMES = [
  'sessions',
  'cobrowse_events',
  'replay_chunks',
  'audit_events',
  'change_audits',
  'call_logs',
] as const;

export interface AnalystTable {
  name: string;
  /** Its columns and ClickHouse types; empty when the role may not read it. */
  columns: { name: string; type: string }[];
  /** Why it is not open to this role (seed 001: call logs are not an Admin's), if it is not. */
  refused?: string;
}

/**
 * The tables and their columns, as the SQL route itself reports them: `SELECT * ... LIMIT 0`
 * answers the columns and reads no rows. One at a time, since a tenant may run only two queries at
 * once. When GET /v1/sql/schema is in, this function is all that changes.
 */
export async function loadAnalystTables(api: ApiClient, signal: AbortSignal): Promise<AnalystTable[]> {
  const tables: AnalystTable[] = [];
  for (const name of ANALYST_TABLE_NAMES) {
    if (signal.aborted) break;
    try {
      const r = await api.send<SqlResult>('POST', '/v1/sql', { query: `SELECT * FROM ${name} LIMIT 0` });
      tables.push({ name, columns: r.columns });
    } catch (e) {
      if (!(e instanceof ApiFailure) || e.status !== 403) throw e;
      tables.push({ name, columns: [], refused: e.message });
    }
  }
  return tables;
}
