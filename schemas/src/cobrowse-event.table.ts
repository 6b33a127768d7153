import { z } from 'zod';
import { DATETIME, chBool, chInt } from './row.ts';
import { COBROWSE_TYPES, cobrowseType, type CobrowseEvent, type CobrowseType } from './cobrowse-event.ts';

export const COBROWSE_TABLE = 'cobrowse_events';

/**
 * One row per co-browse event. The type's data spreads over a few generic columns instead of a JSON
 * blob, so analysts can filter on them and each compresses well on its own (see `toCobrowseRow`).
 */
export const cobrowseDdl = [
  `CREATE TABLE IF NOT EXISTS ${COBROWSE_TABLE} (
    tenant_id LowCardinality(String),
    session_id String,
    ts ${DATETIME} CODEC(Delta, ZSTD(1)),
    seq UInt32 CODEC(Delta, ZSTD(1)),
    idx UInt16,
    type LowCardinality(String),
    is_agent Bool,
    url String CODEC(ZSTD(3)),
    target String CODEC(ZSTD(3)),
    text String CODEC(ZSTD(3)),
    detail String CODEC(ZSTD(3)),
    x Nullable(Int32),
    y Nullable(Int32)
  ) ENGINE = MergeTree
  PARTITION BY toYYYYMM(ts)
  ORDER BY (tenant_id, session_id, ts, seq, idx)`,
] as const;

/** What the writer inserts. */
export interface CobrowseRowIn {
  tenant_id: string;
  session_id: string;
  ts: number;
  seq: number;
  idx: number;
  type: string;
  is_agent: boolean;
  url: string;
  target: string;
  text: string;
  detail: string;
  x: number | null;
  y: number | null;
}

/** What a query selects: the same columns, `ts` as epoch milliseconds. */
export const cobrowseRow = z.object({
  session_id: z.string(),
  ts_ms: chInt,
  seq: chInt,
  idx: chInt,
  type: cobrowseType,
  is_agent: chBool,
  url: z.string(),
  target: z.string(),
  text: z.string(),
  detail: z.string(),
  x: chInt.nullable(),
  y: chInt.nullable(),
});
export type CobrowseRow = z.infer<typeof cobrowseRow>;
export const COBROWSE_SELECT =
  'session_id, toUnixTimestamp64Milli(ts) AS ts_ms, seq, idx, type, is_agent, url, target, text, detail, x, y';

/** A co-browse event as read back: the posted event plus where it sits in its session. */
export type StoredCobrowseEvent = CobrowseEvent & { sessionId: string; seq: number; idx: number; isAgent: boolean };

interface Columns {
  target?: string;
  text?: string;
  detail?: string;
  x?: number;
  y?: number;
}

function columnsOf(e: CobrowseEvent): Columns {
  switch (e.type) {
    case 'CLICK':
      return { target: e.data.target, text: e.data.text, x: e.data.x, y: e.data.y };
    case 'SCROLL':
      return { target: e.data.target, x: e.data.x, y: e.data.y };
    case 'INPUT':
      return { target: e.data.target, text: e.data.value };
    case 'FORM':
      return { target: e.data.target };
    case 'PAGECHANGE':
      return { detail: e.data.url, text: e.data.title };
    case 'SELECTION':
      return { target: e.data.target, text: e.data.text };
    case 'CUSTOM_EVENT':
      return { detail: e.data.eventType, text: JSON.stringify(e.data.value) };
  }
}

export function toCobrowseRow(
  tenantId: string,
  batch: { sessionId: string; seq: number; isAgent: boolean },
  e: CobrowseEvent,
  idx: number,
): CobrowseRowIn {
  const c = columnsOf(e);
  return {
    tenant_id: tenantId,
    session_id: batch.sessionId,
    ts: e.ts,
    seq: batch.seq,
    idx,
    type: e.type,
    is_agent: batch.isAgent,
    url: e.url ?? '',
    target: c.target ?? '',
    text: c.text ?? '',
    detail: c.detail ?? '',
    x: c.x ?? null,
    y: c.y ?? null,
  };
}

/** Keeps only the optional keys that hold a value, so a read-back event has exactly the posted keys. */
function present<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== '' && v !== null)) as Partial<T>;
}

function dataOf(r: CobrowseRow): CobrowseEvent['data'] {
  switch (r.type) {
    case 'CLICK':
      return { target: r.target, ...present({ text: r.text, x: r.x, y: r.y }) };
    case 'SCROLL':
      return { ...present({ target: r.target }), x: r.x ?? 0, y: r.y ?? 0 };
    case 'INPUT':
      return { target: r.target, value: r.text };
    case 'FORM':
      return { target: r.target };
    case 'PAGECHANGE':
      return { url: r.detail, ...present({ title: r.text }) };
    case 'SELECTION':
      return { text: r.text, ...present({ target: r.target }) };
    case 'CUSTOM_EVENT':
      return { eventType: r.detail, value: JSON.parse(r.text) as string | number | boolean | null };
  }
}

export function fromCobrowseRow(r: CobrowseRow): StoredCobrowseEvent {
  const event = { type: r.type, ts: r.ts_ms, ...present({ url: r.url }), data: dataOf(r) } as CobrowseEvent;
  return { ...event, sessionId: r.session_id, seq: r.seq, idx: r.idx, isAgent: r.is_agent };
}

/** Column names of the per-type counters in the session summary, one per co-browse type. */
export type TypeCountColumn = `${Lowercase<CobrowseType>}_count`;
export const TYPE_COUNT_COLUMNS = COBROWSE_TYPES.map((t) => `${t.toLowerCase()}_count`) as TypeCountColumn[];
