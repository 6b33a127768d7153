import type { ClickHouseClient } from '@clickhouse/client';
import {
  AUDIT_TABLE,
  CALL_LOG_TABLE,
  CALL_METHODS,
  CHANGE_AUDIT_TABLE,
  AUDIT_TYPES,
  actionWords,
  facilityWords,
  originWords,
  auditEventPage,
  auditEventSchema,
  callLogPage,
  changeAuditPage,
  callLogSchema,
  changeAuditSchema,
  toAuditRow,
  toCallLogRow,
  toChangeAuditRow,
  toIso,
  type AuditEvent,
  type CallLog,
  type ChangeAudit,
  type StoredAuditEvent,
  type StoredCallLog,
  type StoredChangeAudit,
  type Permission,
  type TenantSettings,
} from '@loupe/schemas';
import { z } from 'zod';
import { csvTime } from './csv.ts';
import { redactCallLog } from '../privacy/redact-call-log.ts';
import {
  auditSpec,
  callLogSpec,
  changeAuditSpec,
  listAuditEvents,
  listCallLogs,
  listChangeAudits,
  type AuditEventFilter,
  type CallLogFilter,
  type ChangeAuditFilter,
} from './record-queries.ts';
import type { Page, TimeRange } from '../storage/queries/page.ts';
import { exportItems } from './export-rows.ts';
import type { Services } from '../services.ts';
import { pageParams } from '../http/query-params.ts';
import { vocabularyFilter } from './vocabulary-filter.ts';
import { withUserNames } from './user-names.ts';

export interface RowMeta {
  id: string;
  keyId: string;
  receivedAt: number;
  settings: TenantSettings;
}

/**
 * What the routes need to know of one platform record family: how to validate it, store it, read
 * it back with the seed's filters, show it as JSON and as CSV. The routes are written once over this.
 * Its functions are methods, so a family of one record type still fits `AnyFamily`, where records are unknown.
 */
export interface PlatformFamily<In, Stored, F extends TimeRange> {
  name: string;
  path: string;
  /** Who may read it, by role (keys need the `read` scope). */
  permission: Permission;
  schema: (now: () => number) => z.ZodType<In>;
  table: string;
  /** What is kept of a valid record, before it is stored or alerted on (call logs: secrets redacted). */
  prepare?(record: In, settings: TenantSettings): In;
  toRow(tenantId: string, record: In, meta: RowMeta): object;
  filters: z.ZodType<Omit<F, 'tenantId'>>;
  list(client: ClickHouseClient, f: F & TimeRange, ascending?: boolean): Promise<Page<Stored>>;
  /** Every row `list` would page through, oldest first, from one streamed query (CSV exports). */
  exportRows(client: ClickHouseClient, f: F & TimeRange): AsyncIterable<Stored[]>;
  toJson(s: Stored): object;
  /** A page of `toJson`'s answers, as the API describes it. */
  page: z.ZodType;
  /** What a read adds to a page of `toJson`'s answers from elsewhere (audit events: the users' names). */
  enrich?(s: Pick<Services, 'users'>, tenantId: string, items: object[]): Promise<object[]>;
  /** Work on records once they are stored (e-mail alerts for call logs); never fails the request. */
  afterStore?(s: Pick<Services, 'alerts'>, tenantId: string, records: In[]): void;
  csv: { header: readonly string[]; cells(s: Stored): string[] };
}

export const auditEvents = {
  name: 'audit events',
  permission: 'audit',
  path: '/v1/audit-events',
  schema: auditEventSchema,
  table: AUDIT_TABLE,
  toRow: (tenantId, e, m) => toAuditRow(tenantId, e, m),
  filters: z.strictObject({
    ...pageParams,
    type: z.enum(AUDIT_TYPES).optional(),
    userId: z.string().max(256).optional(),
  }),
  list: listAuditEvents,
  exportRows: (client, f) => exportItems(client, f, auditSpec(f)),
  toJson: (e) => ({ ...e, ts: toIso(e.ts) }),
  enrich: withUserNames,
  page: auditEventPage,
  csv: {
    header: ['Time', 'Type', 'User', 'Data'],
    cells: (e) => [csvTime(e.ts), e.type, e.userId, JSON.stringify(e.data)],
  },
} satisfies PlatformFamily<AuditEvent, StoredAuditEvent, AuditEventFilter>;

export const changeAudits = {
  name: 'change audits',
  permission: 'audit',
  path: '/v1/change-audits',
  schema: changeAuditSchema,
  table: CHANGE_AUDIT_TABLE,
  toRow: (tenantId, c, m) => toChangeAuditRow(tenantId, c, m),
  // Seed 000: "Facility = Channels, Data permission or All facilities": no facility, or "All", means all.
  filters: z.strictObject({
    ...pageParams,
    facility: vocabularyFilter(facilityWords),
    origin: vocabularyFilter(originWords),
    action: vocabularyFilter(actionWords),
    username: z.string().max(256).optional(),
  }),
  list: listChangeAudits,
  exportRows: (client, f) => exportItems(client, f, changeAuditSpec(f)),
  toJson: (c) => ({ ...c, actionDate: toIso(c.actionDate) }),
  page: changeAuditPage,
  csv: {
    // The exact header and column order of seed 000's export.
    header: ['Facility', 'Username', 'Field', 'Before', 'After', 'Action Date', 'Action', 'Origin'],
    cells: (c) => [c.facility, c.username, c.field, c.before, c.after, csvTime(c.actionDate), c.action, c.origin],
  },
} satisfies PlatformFamily<ChangeAudit, StoredChangeAudit, ChangeAuditFilter>;

export const callLogs = {
  name: 'call logs',
  permission: 'callLogs',
  path: '/v1/call-logs',
  schema: callLogSchema,
  table: CALL_LOG_TABLE,
  prepare: (c, settings) => redactCallLog(c, settings.redactPatterns),
  toRow: (tenantId, c, m) => toCallLogRow(tenantId, c, { ...m, retentionDays: m.settings.callLogRetentionDays }),
  // Seed 001's filters: Success or Error, request type, response code, bot name, dates.
  filters: z.strictObject({
    ...pageParams,
    status: z.enum(['success', 'error']).optional(),
    method: z.enum(CALL_METHODS).optional(),
    statusCode: z.coerce.number().int().min(0).max(599).optional(),
    bot: z.string().max(256).optional(),
    application: z.string().max(256).optional(),
  }),
  list: listCallLogs,
  exportRows: (client, f) => exportItems(client, f, callLogSpec(f)),
  toJson: (c) => ({ ...c, ts: toIso(c.ts) }),
  page: callLogPage,
  afterStore: (s, tenantId, logs) => s.alerts.observe(tenantId, logs),
  csv: {
    header: [
      'Time',
      'Status',
      'Status Code',
      'Method',
      'URL',
      'Bot',
      'Application',
      'Source',
      'User',
      'Duration (ms)',
      'Request',
      'Response',
    ],
    cells: (c) => [
      csvTime(c.ts),
      c.status === 'success' ? 'Success' : 'Error',
      String(c.statusCode),
      c.method,
      c.url,
      c.bot,
      c.application,
      c.source,
      c.user,
      String(c.durationMs),
      c.request,
      c.response,
    ],
  },
} satisfies PlatformFamily<CallLog, StoredCallLog, CallLogFilter>;

// The routes handle every family alike, so they see the families through one loose type.
export type AnyFamily = PlatformFamily<unknown, unknown, TimeRange>;
export const PLATFORM_FAMILIES: readonly AnyFamily[] = [auditEvents, changeAudits, callLogs];
