import { z } from 'zod';
import { DATETIME, chBool, chInt } from './row.ts';
import { callMethod, statusOf, type CallLog, type CallStatus } from './call-log.ts';

export const CALL_LOG_TABLE = 'call_logs';

/** Seed 001: "call logs are stored only for the previous 30 days". Per-tenant values are written per row. */
export const DEFAULT_CALL_LOG_RETENTION_DAYS = 30;

/**
 * Partitioned by day, not month: with `ttl_only_drop_parts` the 30-day TTL then drops whole daily
 * parts instead of rewriting monthly ones row by row, and a row lives at most a day past its expiry.
 */
export const callLogDdl = [
  `CREATE TABLE IF NOT EXISTS ${CALL_LOG_TABLE} (
    tenant_id LowCardinality(String),
    ts ${DATETIME},
    id UUID,
    application LowCardinality(String),
    bot LowCardinality(String),
    source String,
    user String,
    method LowCardinality(String),
    url String CODEC(ZSTD(3)),
    status_code UInt16,
    success Bool,
    duration_ms UInt32,
    request String CODEC(ZSTD(3)),
    response String CODEC(ZSTD(3)),
    key_id LowCardinality(String),
    received_at ${DATETIME},
    retention_days UInt16 DEFAULT ${DEFAULT_CALL_LOG_RETENTION_DAYS}
  ) ENGINE = MergeTree
  PARTITION BY toDate(ts)
  ORDER BY (tenant_id, ts, id)
  TTL toDate(ts) + toIntervalDay(retention_days)
  SETTINGS ttl_only_drop_parts = 1`,
] as const;

export interface CallLogRowIn {
  tenant_id: string;
  ts: number;
  id: string;
  application: string;
  bot: string;
  source: string;
  user: string;
  method: string;
  url: string;
  status_code: number;
  success: boolean;
  duration_ms: number;
  request: string;
  response: string;
  key_id: string;
  received_at: number;
  retention_days: number;
}

export const callLogRow = z.object({
  row_id: z.string(),
  ts_ms: chInt,
  application: z.string(),
  bot: z.string(),
  source: z.string(),
  user: z.string(),
  method: callMethod,
  url: z.string(),
  status_code: chInt,
  success: chBool,
  duration_ms: chInt,
  request: z.string(),
  response: z.string(),
  key_id: z.string(),
});
export type CallLogRow = z.infer<typeof callLogRow>;
export const CALL_LOG_SELECT =
  'toString(id) AS row_id, toUnixTimestamp64Milli(ts) AS ts_ms, application, bot, source, user, method, url, status_code, success, duration_ms, request, response, key_id';

export type StoredCallLog = CallLog & { id: string; status: CallStatus; keyId: string };

export function toCallLogRow(
  tenantId: string,
  c: CallLog,
  meta: { id: string; keyId: string; receivedAt: number; retentionDays?: number },
): CallLogRowIn {
  return {
    tenant_id: tenantId,
    ts: c.ts,
    id: meta.id,
    application: c.application,
    bot: c.bot,
    source: c.source,
    user: c.user,
    method: c.method,
    url: c.url,
    status_code: c.statusCode,
    success: statusOf(c.statusCode) === 'success',
    duration_ms: c.durationMs,
    request: c.request,
    response: c.response,
    key_id: meta.keyId,
    received_at: meta.receivedAt,
    retention_days: meta.retentionDays ?? DEFAULT_CALL_LOG_RETENTION_DAYS,
  };
}

export function fromCallLogRow(r: CallLogRow): StoredCallLog {
  return {
    id: r.row_id,
    ts: r.ts_ms,
    application: r.application,
    bot: r.bot,
    source: r.source,
    user: r.user,
    method: r.method,
    url: r.url,
    statusCode: r.status_code,
    status: r.success ? 'success' : 'error',
    durationMs: r.duration_ms,
    request: r.request,
    response: r.response,
    keyId: r.key_id,
  };
}
