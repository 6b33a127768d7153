import { z } from 'zod';
import { DATETIME, chBool, chInt } from './row.ts';
import { COBROWSE_TYPES, type CobrowseType } from './cobrowse-event.ts';
import { TYPE_COUNT_COLUMNS, type TypeCountColumn } from './cobrowse-event.table.ts';
import type { RecorderBatch } from './recorder-batch.ts';

/**
 * One row per stored recorder batch. It is the receipt that makes ingest idempotent (a batch whose
 * (tenant, session, seq) is here was stored) and the source of the `sessions` summary, which is
 * why it is written after the batch's events and replay: a receipt never points at missing rows.
 */
export const BATCH_TABLE = 'ingest_batches';
export const SESSIONS_TABLE = 'sessions';
const SESSIONS_MV = 'sessions_mv';

/** Most distinct page URLs the summary keeps per session and day; a session list needs a handful. */
const MAX_PAGES = 100;

const countColumns = (type: string) => TYPE_COUNT_COLUMNS.map((c) => `${c} ${type}`).join(',\n    ');

export const sessionDdl = [
  `CREATE TABLE IF NOT EXISTS ${BATCH_TABLE} (
    tenant_id LowCardinality(String),
    session_id String,
    seq UInt32,
    received_at ${DATETIME},
    first_ts ${DATETIME},
    last_ts ${DATETIME},
    is_agent Bool,
    user_id String,
    user_name String,
    page_urls Array(String) CODEC(ZSTD(3)),
    event_count UInt32,
    ${countColumns('UInt32')},
    replay_count UInt32,
    has_full_snapshot Bool
  ) ENGINE = MergeTree
  PARTITION BY toYYYYMM(first_ts)
  ORDER BY (tenant_id, session_id, seq)`,
  // Keyed by day so the list for a time range reads only those days; a session that crosses
  // midnight has a row per day, merged at query time.
  `CREATE TABLE IF NOT EXISTS ${SESSIONS_TABLE} (
    tenant_id LowCardinality(String),
    day Date,
    session_id String,
    started_at SimpleAggregateFunction(min, ${DATETIME}),
    ended_at SimpleAggregateFunction(max, ${DATETIME}),
    user_id SimpleAggregateFunction(max, String),
    user_name SimpleAggregateFunction(max, String),
    has_agent SimpleAggregateFunction(max, Bool),
    entry_url AggregateFunction(argMin, String, ${DATETIME}),
    pages SimpleAggregateFunction(groupUniqArrayArray(${MAX_PAGES}), Array(String)),
    event_count SimpleAggregateFunction(sum, UInt64),
    ${countColumns('SimpleAggregateFunction(sum, UInt64)')},
    replay_count SimpleAggregateFunction(sum, UInt64),
    batch_count SimpleAggregateFunction(sum, UInt64)
  ) ENGINE = AggregatingMergeTree
  PARTITION BY toYYYYMM(day)
  ORDER BY (tenant_id, day, session_id)`,
  `CREATE MATERIALIZED VIEW IF NOT EXISTS ${SESSIONS_MV} TO ${SESSIONS_TABLE} AS
  SELECT
    tenant_id,
    toDate(first_ts) AS day,
    session_id,
    min(first_ts) AS started_at,
    max(last_ts) AS ended_at,
    max(user_id) AS user_id,
    max(user_name) AS user_name,
    max(is_agent) AS has_agent,
    argMinState(page_urls[1], first_ts) AS entry_url,
    groupUniqArrayArray(${MAX_PAGES})(page_urls) AS pages,
    sum(event_count) AS event_count,
    ${TYPE_COUNT_COLUMNS.map((c) => `sum(${c}) AS ${c}`).join(',\n    ')},
    sum(replay_count) AS replay_count,
    count() AS batch_count
  FROM ${BATCH_TABLE}
  GROUP BY tenant_id, day, session_id`,
] as const;

export type BatchRowIn = {
  tenant_id: string;
  session_id: string;
  seq: number;
  received_at: number;
  first_ts: number;
  last_ts: number;
  is_agent: boolean;
  user_id: string;
  user_name: string;
  page_urls: string[];
  event_count: number;
  replay_count: number;
  has_full_snapshot: boolean;
} & Record<TypeCountColumn, number>;

/** The receipt and summary row of one batch. A batch with no events at all still counts as activity. */
export function toBatchRow(tenantId: string, batch: RecorderBatch, receivedAt: number): BatchRowIn {
  const times = [...batch.events.map((e) => e.ts), ...batch.replay.map((e) => e.timestamp)];
  const first = times.length ? Math.min(...times) : batch.sentAt;
  const last = times.length ? Math.max(...times) : batch.sentAt;
  const pages: string[] = [];
  // A PAGECHANGE names two pages: the one it left (its url) and the one it opened.
  for (const e of batch.events) {
    for (const page of [e.url, e.type === 'PAGECHANGE' ? e.data.url : undefined]) {
      if (page && !pages.includes(page)) pages.push(page);
    }
  }
  const counts = Object.fromEntries(TYPE_COUNT_COLUMNS.map((c) => [c, 0])) as Record<TypeCountColumn, number>;
  for (const e of batch.events) counts[countColumn(e.type)]++;
  return {
    tenant_id: tenantId,
    session_id: batch.sessionId,
    seq: batch.seq,
    received_at: receivedAt,
    first_ts: first,
    last_ts: last,
    is_agent: batch.isAgent,
    user_id: batch.user?.id ?? '',
    user_name: batch.user?.name ?? '',
    page_urls: pages,
    event_count: batch.events.length,
    ...counts,
    replay_count: batch.replay.length,
    has_full_snapshot: batch.replay.some((e) => e.type === 2),
  };
}

export function countColumn(type: CobrowseType): TypeCountColumn {
  return TYPE_COUNT_COLUMNS[COBROWSE_TYPES.indexOf(type)]!;
}

/** The summary columns a session-list query selects, merged over a session's day rows. */
export const SESSION_SELECT = [
  'session_id',
  'toUnixTimestamp64Milli(min(started_at)) AS started_ms',
  'toUnixTimestamp64Milli(max(ended_at)) AS ended_ms',
  'max(user_id) AS user_id',
  'max(user_name) AS user_name',
  'max(has_agent) AS has_agent',
  'argMinMerge(entry_url) AS entry_url',
  `groupUniqArrayArray(${MAX_PAGES})(pages) AS pages`,
  'sum(event_count) AS event_count',
  ...TYPE_COUNT_COLUMNS.map((c) => `sum(${c}) AS ${c}`),
  'sum(replay_count) AS replay_count',
].join(', ');

export const sessionRow = z
  .object({
    session_id: z.string(),
    started_ms: chInt,
    ended_ms: chInt,
    user_id: z.string(),
    user_name: z.string(),
    has_agent: chBool,
    entry_url: z.string(),
    pages: z.array(z.string()),
    event_count: chInt,
    replay_count: chInt,
  })
  .extend(Object.fromEntries(TYPE_COUNT_COLUMNS.map((c) => [c, chInt])) as Record<TypeCountColumn, typeof chInt>);
export type SessionRow = z.infer<typeof sessionRow>;

/** A session as the list shows it. */
export interface SessionSummary {
  sessionId: string;
  startedAt: number;
  endedAt: number;
  durationMs: number;
  user: { id: string; name?: string } | null;
  hasAgent: boolean;
  entryUrl: string;
  pages: string[];
  eventCount: number;
  eventCounts: Record<CobrowseType, number>;
  replayEventCount: number;
}

export function fromSessionRow(r: SessionRow): SessionSummary {
  return {
    sessionId: r.session_id,
    startedAt: r.started_ms,
    endedAt: r.ended_ms,
    durationMs: r.ended_ms - r.started_ms,
    user: r.user_id ? { id: r.user_id, ...(r.user_name ? { name: r.user_name } : {}) } : null,
    hasAgent: r.has_agent,
    entryUrl: r.entry_url,
    pages: [...r.pages].sort(),
    eventCount: r.event_count,
    eventCounts: Object.fromEntries(COBROWSE_TYPES.map((t) => [t, r[countColumn(t)]])) as Record<CobrowseType, number>,
    replayEventCount: r.replay_count,
  };
}
