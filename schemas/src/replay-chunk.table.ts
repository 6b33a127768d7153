import { z } from 'zod';
import { DATETIME, chBool, chInt } from './row.ts';
import { PAGE_EFFECT_SOURCES } from './click-issues.ts';
import { RRWEB_EVENT_TYPE, type ReplayEvent } from './replay-event.ts';

export const REPLAY_TABLE = 'replay_chunks';

/** One row per recorder batch's run of rrweb events; the payload is the events' JSON, ZSTD-compressed. */
export const replayDdl = [
  `CREATE TABLE IF NOT EXISTS ${REPLAY_TABLE} (
    tenant_id LowCardinality(String),
    session_id String,
    seq UInt32,
    first_ts ${DATETIME},
    last_ts ${DATETIME},
    event_count UInt32,
    has_full_snapshot Bool,
    payload String CODEC(ZSTD(3))
  ) ENGINE = MergeTree
  PARTITION BY toYYYYMM(first_ts)
  ORDER BY (tenant_id, session_id, first_ts, seq)`,
] as const;

export interface ReplayChunkRowIn {
  tenant_id: string;
  session_id: string;
  seq: number;
  first_ts: number;
  last_ts: number;
  event_count: number;
  has_full_snapshot: boolean;
  payload: string;
  effect_ms: number[];
  effects_known: boolean;
}

/**
 * Migration 15: when the chunk's page answered (a new page, or an incremental event of a source in
 * PAGE_EFFECT_SOURCES), worked out at ingest, so finding dead clicks reads these small arrays
 * instead of parsing every stored payload. Rows stored before have `effects_known` false, and
 * their payload is parsed instead (collector/src/sessions/click-issue-sql.ts).
 */
export const replayEffectsDdl = [
  `ALTER TABLE ${REPLAY_TABLE} ADD COLUMN IF NOT EXISTS effect_ms Array(Int64) DEFAULT [] CODEC(ZSTD(1))`,
  `ALTER TABLE ${REPLAY_TABLE} ADD COLUMN IF NOT EXISTS effects_known Bool DEFAULT false`,
] as const;

const EFFECT_SOURCES: ReadonlySet<number> = new Set(PAGE_EFFECT_SOURCES);

/** The moments a run of rrweb events shows the page answering, oldest first. */
export function pageEffectTimes(events: readonly ReplayEvent[]): number[] {
  const out: number[] = [];
  for (const e of events) {
    const source = (e.data as { source?: unknown } | null)?.source;
    if (
      e.type === RRWEB_EVENT_TYPE.FullSnapshot ||
      e.type === RRWEB_EVENT_TYPE.Meta ||
      (e.type === RRWEB_EVENT_TYPE.IncrementalSnapshot && typeof source === 'number' && EFFECT_SOURCES.has(source))
    )
      out.push(e.timestamp);
  }
  return out.sort((a, b) => a - b);
}

export const replayChunkRow = z.object({
  session_id: z.string(),
  seq: chInt,
  first_ts_ms: chInt,
  last_ts_ms: chInt,
  event_count: chInt,
  has_full_snapshot: chBool,
  payload: z.string(),
});
export type ReplayChunkRow = z.infer<typeof replayChunkRow>;
export const REPLAY_SELECT =
  'session_id, seq, toUnixTimestamp64Milli(first_ts) AS first_ts_ms, toUnixTimestamp64Milli(last_ts) AS last_ts_ms, event_count, has_full_snapshot, payload';

export interface ReplayChunk {
  sessionId: string;
  seq: number;
  firstTs: number;
  lastTs: number;
  eventCount: number;
  hasFullSnapshot: boolean;
  events: ReplayEvent[];
}

/**
 * Builds the chunk of one batch; `null` when the batch carried no rrweb events. `json` is the
 * events' JSON text when the caller has it already (as received), so it is not made again.
 */
export function toReplayChunkRow(
  tenantId: string,
  batch: { sessionId: string; seq: number },
  events: readonly ReplayEvent[],
  json?: string,
): ReplayChunkRowIn | null {
  if (events.length === 0) return null;
  let first = Infinity;
  let last = -Infinity;
  for (const e of events) {
    first = Math.min(first, e.timestamp);
    last = Math.max(last, e.timestamp);
  }
  return {
    tenant_id: tenantId,
    session_id: batch.sessionId,
    seq: batch.seq,
    first_ts: first,
    last_ts: last,
    event_count: events.length,
    has_full_snapshot: events.some((e) => e.type === RRWEB_EVENT_TYPE.FullSnapshot),
    payload: json ?? JSON.stringify(events),
    effect_ms: pageEffectTimes(events),
    effects_known: true,
  };
}

export function fromReplayChunkRow(r: ReplayChunkRow): ReplayChunk {
  return {
    sessionId: r.session_id,
    seq: r.seq,
    firstTs: r.first_ts_ms,
    lastTs: r.last_ts_ms,
    eventCount: r.event_count,
    hasFullSnapshot: r.has_full_snapshot,
    events: JSON.parse(r.payload) as ReplayEvent[],
  };
}
