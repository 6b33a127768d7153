import type { ApiClient } from '../../api/api-client.ts';

/**
 * The tables analysts query (the product's contract names them; the collector's
 * analyst-sql/analyst-tables.ts is the list it enforces). Kept here rather than imported because
 * @loupe/schemas's index brings zod with it, which the viewer does not ship.
 */
export const ANALYST_TABLE_NAMES = [
  'sessions',
  'cobrowse_events',
  'replay_chunks',
  'session_notes',
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

/** GET /v1/sql/schema's answer (schemas/src/analyst.response.ts), the part the page shows. */
interface SqlSchemaAnswer {
  tables: { name: string; description: string; columns: { name: string; type: string }[] }[];
}

/**
 * The tables and their columns, as the collector declares them for the caller's role
 * (GET /v1/sql/schema, one request, no query run). A table the role may not read is left out of
 * that answer; it is still listed here, marked, so an Admin sees why call logs are missing.
 */
export async function loadAnalystTables(api: ApiClient, signal: AbortSignal): Promise<AnalystTable[]> {
  const answer = await api.get<SqlSchemaAnswer>('/v1/sql/schema', undefined, signal);
  const open = new Map(answer.tables.map((t) => [t.name, t]));
  return ANALYST_TABLE_NAMES.map((name) => {
    const t = open.get(name);
    return t
      ? { name, columns: t.columns.map(({ name, type }) => ({ name, type })) }
      : { name, columns: [], refused: 'Your role may not read this table.' };
  });
}
