import type { ClickHouseClient } from '@clickhouse/client';
import {
  AUDIT_SELECT,
  AUDIT_TABLE,
  CALL_LOG_SELECT,
  CALL_LOG_TABLE,
  CHANGE_AUDIT_SELECT,
  CHANGE_AUDIT_TABLE,
  auditRow,
  callLogRow,
  changeAuditRow,
  fromAuditRow,
  fromCallLogRow,
  fromChangeAuditRow,
  type AuditType,
  type CallStatus,
  type StoredAuditEvent,
  type StoredCallLog,
  type StoredChangeAudit,
} from '@loupe/schemas';
import { pageNewestFirst, type Condition, type Page, type TimeRange } from '../storage/queries/page.ts';

/** Adds `column = {name}` when the filter is set. */
function eq(column: string, type: string, value: unknown): Condition[] {
  return value === undefined ? [] : [{ sql: `${column} = {${column}:${type}}`, params: { [column]: value } }];
}

export interface AuditEventFilter extends TimeRange {
  type?: AuditType;
  userId?: string;
}

export const auditSpec = (f: AuditEventFilter) => ({
  table: AUDIT_TABLE,
  timeColumn: 'ts',
  select: AUDIT_SELECT,
  row: auditRow,
  toItem: fromAuditRow,
  timeOf: (r: { ts_ms: number }) => r.ts_ms,
  idOf: (r: { row_id: string }) => r.row_id,
  where: [...eq('type', 'String', f.type), ...eq('user_id', 'String', f.userId)],
});

export function listAuditEvents(
  client: ClickHouseClient,
  f: AuditEventFilter,
  ascending = false,
): Promise<Page<StoredAuditEvent>> {
  return pageNewestFirst(client, f, auditSpec(f), ascending);
}

/** Seed 000's export filters: Facility (or all), Origin, and a date range on Action Date. */
export interface ChangeAuditFilter extends TimeRange {
  facility?: string;
  origin?: string;
  action?: string;
  username?: string;
}

export const changeAuditSpec = (f: ChangeAuditFilter) => ({
  table: CHANGE_AUDIT_TABLE,
  timeColumn: 'action_date',
  select: CHANGE_AUDIT_SELECT,
  row: changeAuditRow,
  toItem: fromChangeAuditRow,
  timeOf: (r: { action_date_ms: number }) => r.action_date_ms,
  idOf: (r: { row_id: string }) => r.row_id,
  where: [
    ...eq('facility', 'String', f.facility),
    ...eq('origin', 'String', f.origin),
    ...eq('action', 'String', f.action),
    ...eq('username', 'String', f.username),
  ],
});

export function listChangeAudits(
  client: ClickHouseClient,
  f: ChangeAuditFilter,
  ascending = false,
): Promise<Page<StoredChangeAudit>> {
  return pageNewestFirst(client, f, changeAuditSpec(f), ascending);
}

/** Seed 001's filters: Success or Error, request method, response code, bot, dates. */
export interface CallLogFilter extends TimeRange {
  status?: CallStatus;
  method?: string;
  statusCode?: number;
  bot?: string;
  application?: string;
}

export const callLogSpec = (f: CallLogFilter) => ({
  table: CALL_LOG_TABLE,
  timeColumn: 'ts',
  select: CALL_LOG_SELECT,
  row: callLogRow,
  toItem: fromCallLogRow,
  timeOf: (r: { ts_ms: number }) => r.ts_ms,
  idOf: (r: { row_id: string }) => r.row_id,
  where: [
    ...eq('success', 'Bool', f.status === undefined ? undefined : f.status === 'success'),
    ...eq('method', 'String', f.method),
    ...eq('status_code', 'UInt16', f.statusCode),
    ...eq('bot', 'String', f.bot),
    ...eq('application', 'String', f.application),
    // Seed 001 keeps call logs for the retention period; rows past it are hidden until TTL drops their part.
    { sql: 'ts + toIntervalDay(retention_days) > now64(3)' },
  ],
});

export function listCallLogs(
  client: ClickHouseClient,
  f: CallLogFilter,
  ascending = false,
): Promise<Page<StoredCallLog>> {
  return pageNewestFirst(client, f, callLogSpec(f), ascending);
}

// The export's one query, for the benchmarks' read-cost table (the CSV route streams it: export-rows.ts).
export { exportQuery } from './export-rows.ts';
