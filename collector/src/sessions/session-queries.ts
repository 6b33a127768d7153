import type { ClickHouseClient } from '@clickhouse/client';
import {
  CLICK_ISSUES,
  COBROWSE_SELECT,
  COBROWSE_TABLE,
  REPLAY_SELECT,
  REPLAY_TABLE,
  SESSIONS_TABLE,
  SESSION_SELECT,
  cobrowseRow,
  countColumn,
  fromCobrowseRow,
  fromReplayChunkRow,
  fromSessionRow,
  replayChunkRow,
  sessionRow,
  type CobrowseType,
  type ReplayChunk,
  type SessionSummary,
  type StoredCobrowseEvent,
} from '@loupe/schemas';
import { deadSessions, rageSessions } from './click-issue-sql.ts';
import { decodeCursor } from '../storage/queries/cursor.ts';
import { MAX_PAGE_SIZE, pageSize, toPage, type Page, type TimeRange } from '../storage/queries/page.ts';
import { msParam, selectRows, type QueryStats, type SqlQuery } from '../storage/queries/select.ts';

/** A replay needs a session's events in bulk, so its pages are larger than a list's. */
const eventsPageSize = (limit: number | undefined) => Math.min(limit ?? MAX_PAGE_SIZE, 10 * MAX_PAGE_SIZE);

export interface SessionWindow {
  tenantId: string;
  sessionId: string;
  from?: number;
  to?: number;
}

function windowConditions(
  w: SessionWindow,
  startColumn: string,
  endColumn = startColumn,
): { where: string; params: Record<string, unknown> } {
  const conds = ['tenant_id = {tenant:String}', 'session_id = {session:String}'];
  const params: Record<string, unknown> = { tenant: w.tenantId, session: w.sessionId };
  if (w.to !== undefined) {
    conds.push(`${startColumn} <= ${msParam('to')}`);
    params.to = w.to;
  }
  if (w.from !== undefined) {
    conds.push(`${endColumn} >= ${msParam('from')}`);
    params.from = w.from;
  }
  return { where: conds.join(' AND '), params };
}

export interface SessionEventsFilter extends SessionWindow {
  types?: CobrowseType[];
  limit?: number;
  /** Opaque position after which the next page starts. */
  cursor?: string;
}

/** A session's co-browse events, oldest first: `ORDER BY` matches the table's sort key, so it reads only this session's granules. */
export function sessionEventsQuery(f: SessionEventsFilter): SqlQuery {
  const { where, params } = windowConditions(f, 'ts');
  const limit = eventsPageSize(f.limit);
  let sql = where;
  if (f.types?.length) {
    sql += ' AND type IN {types:Array(String)}';
    params.types = f.types;
  }
  if (f.cursor !== undefined) {
    // The cursor id is "seq:idx" of the last event returned; (ts, seq, idx) is the sort key's tail.
    const c = decodeCursor(f.cursor);
    const [seq, idx] = c.id.split(':').map(Number);
    sql += ` AND ts >= ${msParam('ct')} AND (ts, seq, idx) > (${msParam('ct')}, {cseq:UInt32}, {cidx:UInt16})`;
    Object.assign(params, { ct: c.t, cseq: seq ?? 0, cidx: idx ?? 0 });
  }
  return {
    sql: `SELECT ${COBROWSE_SELECT} FROM ${COBROWSE_TABLE} WHERE ${sql} ORDER BY ts, seq, idx LIMIT ${limit + 1}`,
    params,
  };
}

export async function listSessionEvents(
  client: ClickHouseClient,
  f: SessionEventsFilter,
): Promise<Page<StoredCobrowseEvent>> {
  const { rows, stats } = await selectRows(client, sessionEventsQuery(f), cobrowseRow);
  return toPage(rows, eventsPageSize(f.limit), stats, fromCobrowseRow, (r) => ({
    t: r.ts_ms,
    id: `${r.seq}:${r.idx}`,
  }));
}

/**
 * The replay chunks that overlap a window, oldest first. With `fromSnapshot`, the window starts at
 * the last full snapshot at or before `from`, so a replay can begin mid-session in one request.
 */
export function replayWindowQuery(w: SessionWindow & { fromSnapshot?: boolean }): SqlQuery {
  const { where, params } = windowConditions(w, 'first_ts', 'last_ts');
  if (!w.fromSnapshot || w.from === undefined) {
    return { sql: `SELECT ${REPLAY_SELECT} FROM ${REPLAY_TABLE} WHERE ${where} ORDER BY first_ts, seq`, params };
  }
  const base = windowConditions({ tenantId: w.tenantId, sessionId: w.sessionId }, 'first_ts').where;
  // The last snapshot's chunk onwards: a chunk that started earlier but ends after `from` is not
  // needed, since the snapshot rebuilds the page from scratch.
  // Newest first with LIMIT 1 reads the sort key backwards from `from` and stops at the first
  // snapshot it meets: a few granules whatever the session's length, where max() read every chunk
  // from the session's start. The outer max() turns "no snapshot that early" into the epoch, so
  // the window then starts at the session's first chunk.
  const snapshot = `(SELECT max(t) FROM (SELECT first_ts AS t FROM ${REPLAY_TABLE} WHERE ${base} AND has_full_snapshot AND first_ts <= ${msParam('from')} ORDER BY first_ts DESC LIMIT 1))`;
  const rest = where.replace(`last_ts >= ${msParam('from')}`, `first_ts >= ${snapshot}`);
  return { sql: `SELECT ${REPLAY_SELECT} FROM ${REPLAY_TABLE} WHERE ${rest} ORDER BY first_ts, seq`, params };
}

/**
 * The window's chunks as stored, oldest first: each payload is its events' JSON array text
 * (toReplayChunkRow), which the replay route answers without parsing and writing it again.
 */
export async function readReplayPayloads(
  client: ClickHouseClient,
  w: SessionWindow & { fromSnapshot?: boolean },
): Promise<{ payloads: string[]; stats: QueryStats }> {
  const { rows, stats } = await selectRows(client, replayWindowQuery(w), replayChunkRow);
  return { payloads: rows.map((r) => r.payload), stats };
}

/** A replay page's JSON (`{ items, next: null }`) from stored payloads, joined as they are. */
export function replayPageJson(payloads: readonly string[]): string {
  const inner: string[] = [];
  for (const p of payloads) {
    const events = p.trim().slice(1, -1).trim();
    if (events) inner.push(events);
  }
  return `{"items":[${inner.join(',')}],"next":null}`;
}

export async function readReplayWindow(
  client: ClickHouseClient,
  w: SessionWindow & { fromSnapshot?: boolean },
): Promise<{ chunks: ReplayChunk[]; stats: QueryStats }> {
  const { rows, stats } = await selectRows(client, replayWindowQuery(w), replayChunkRow);
  return { chunks: rows.map(fromReplayChunkRow), stats };
}

/** The session list's filters (issue 5): time range, user, page URL, agent presence, duration, event type. */
export interface SessionFilter extends TimeRange {
  /** One session, whatever its days: what a link to a replay opens. */
  sessionId?: string;
  userId?: string;
  urlContains?: string;
  hasAgent?: boolean;
  minDurationMs?: number;
  maxDurationMs?: number;
  eventType?: CobrowseType;
  /** Part of the user's id or name, any case. */
  user?: string;
  /** Part of a clicked element's text or name, any case. */
  clickText?: string;
  /** true: sessions with a rage click; false: sessions without. */
  rageClicks?: boolean;
  /** true: sessions with a dead click; false: sessions without. */
  deadClicks?: boolean;
}

/**
 * Sessions active in the range, newest start first, from the summary table only. The day key
 * reaches one day before `from` so a session that crossed midnight is whole.
 */
export function sessionListQuery(f: SessionFilter): SqlQuery {
  const limit = pageSize(f.limit);
  const where = ['tenant_id = {tenant:String}'];
  const having: string[] = [];
  const params: Record<string, unknown> = { tenant: f.tenantId, limit: limit + 1 };
  if (f.from !== undefined) {
    where.push(`day >= toDate(${msParam('from')}) - 1`);
    having.push(`ended_ms >= {from:Int64}`);
    params.from = f.from;
  }
  if (f.to !== undefined) {
    where.push(`day <= toDate(${msParam('to')})`);
    having.push(`started_ms <= {to:Int64}`);
    params.to = f.to;
  }
  /** A filter that was given adds its condition and binds its one parameter. */
  const given = (to: string[], sql: string, name: string, value: unknown) => {
    if (value === undefined) return;
    to.push(sql);
    params[name] = value;
  };
  given(where, 'session_id = {sid:String}', 'sid', f.sessionId);
  given(having, 'user_id = {user:String}', 'user', f.userId);
  given(having, 'arrayExists(p -> position(p, {url:String}) > 0, pages)', 'url', f.urlContains);
  given(having, 'has_agent = {agent:Bool}', 'agent', f.hasAgent);
  given(having, 'ended_ms - started_ms >= {minDur:Int64}', 'minDur', f.minDurationMs);
  given(having, 'ended_ms - started_ms <= {maxDur:Int64}', 'maxDur', f.maxDurationMs);
  if (f.eventType !== undefined) having.push(`${countColumn(f.eventType)} > 0`);
  given(
    having,
    '(positionCaseInsensitiveUTF8(user_id, {userText:String}) > 0 OR positionCaseInsensitiveUTF8(user_name, {userText:String}) > 0)',
    'userText',
    f.user,
  );
  where.push(...clickConditions(f, params));
  if (f.cursor !== undefined) {
    const c = decodeCursor(f.cursor);
    having.push('(started_ms, session_id) < ({ct:Int64}, {cid:String})');
    Object.assign(params, { ct: c.t, cid: c.id });
  }
  return {
    sql: `SELECT ${SESSION_SELECT} FROM ${SESSIONS_TABLE} WHERE ${where.join(' AND ')}
          GROUP BY session_id ${having.length ? `HAVING ${having.join(' AND ')}` : ''}
          ORDER BY started_ms DESC, session_id DESC LIMIT {limit:UInt32}`,
    params,
  };
}

/**
 * The filters that look at a session's clicks: subqueries over its co-browse events (and, for dead
 * clicks, its replay chunks), each scoped to the tenant and the list's time range.
 */
function clickConditions(f: SessionFilter, params: Record<string, unknown>): string[] {
  const conds: string[] = [];
  const range = (start: string, end = start, slackMs = 0) => [
    'tenant_id = {tenant:String}',
    ...(f.from !== undefined ? [`${end} >= ${msParam('from')}`] : []),
    ...(f.to !== undefined ? [`${start} <= fromUnixTimestamp64Milli({to:Int64} + ${slackMs}, 'UTC')`] : []),
  ];
  const clicks = range('ts').join(' AND ');
  if (f.clickText !== undefined) {
    conds.push(`session_id IN (SELECT session_id FROM ${COBROWSE_TABLE} WHERE ${clicks} AND type = 'CLICK'
      AND (positionCaseInsensitiveUTF8(text, {clickText:String}) > 0 OR positionCaseInsensitiveUTF8(target, {clickText:String}) > 0))`);
    params.clickText = f.clickText;
  }
  if (f.rageClicks !== undefined) conds.push(`session_id ${f.rageClicks ? '' : 'NOT '}IN (${rageSessions(clicks)})`);
  if (f.deadClicks !== undefined) {
    // The page's answer may come up to the window after the range's last click.
    const slack = CLICK_ISSUES.deadWindowMs;
    const sql = deadSessions(
      clicks,
      range('first_ts', 'last_ts', slack).join(' AND '),
      range('ts', 'ts', slack).join(' AND '),
    );
    conds.push(`session_id ${f.deadClicks ? '' : 'NOT '}IN (${sql})`);
  }
  return conds;
}

export async function listSessions(client: ClickHouseClient, f: SessionFilter): Promise<Page<SessionSummary>> {
  const { rows, stats } = await selectRows(client, sessionListQuery(f), sessionRow);
  return toPage(rows, pageSize(f.limit), stats, fromSessionRow, (r) => ({ t: r.started_ms, id: r.session_id }));
}
