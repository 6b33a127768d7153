import { CALL_LOG_TABLE } from './call-log.table.ts';
import { CHANGE_AUDIT_TABLE } from './change-audit.table.ts';
import { AUDIT_TABLE } from './audit-event.table.ts';
import { COBROWSE_TABLE, TYPE_COUNT_COLUMNS } from './cobrowse-event.table.ts';
import { REPLAY_TABLE } from './replay-chunk.table.ts';
import { DATETIME } from './row.ts';
import { SESSION_NOTES_TABLE } from './session-note.table.ts';
import { SESSIONS_TABLE } from './session.table.ts';

/** A column as analysts see it: its ClickHouse type as a result reports it, and what it holds. */
export interface AnalystColumn {
  name: string;
  type: string;
  description: string;
  /** How the column is computed from the stored table, when it is not the stored column itself. */
  expr?: string;
}

export interface AnalystTable {
  name: string;
  description: string;
  columns: readonly AnalystColumn[];
  /** Stored rows are merged into one per distinct value of these columns (the `sessions` summary). */
  groupBy?: readonly string[];
  /** Read with FINAL: a ReplacingMergeTree whose rows are versions, of which analysts see the latest. */
  final?: boolean;
}

const col = (name: string, type: string, description: string, expr?: string): AnalystColumn =>
  expr === undefined ? { name, type, description } : { name, type, description, expr };

const LC = 'LowCardinality(String)';
const TENANT = col('tenant_id', LC, 'the tenant the row belongs to (always the caller’s)');
const KEY_ID = col('key_id', LC, 'id of the API key that wrote the row');
const RECEIVED = col('received_at', DATETIME, 'when the collector received the row (UTC)');
const CHAIN = [
  col('chain_id', 'String', 'the audit chain the row belongs to (tamper evidence)'),
  col('chain_seq', 'UInt64', 'the row’s place in its chain'),
  col('prev_hash', 'String', 'hash of the row before it in the chain'),
  col('row_hash', 'String', 'hash over this row and prev_hash'),
];

/**
 * The sessions summary stores a row per session and day, of aggregate states that only merge at
 * read time; analysts get one row per session, merged, with plain types (a cast drops
 * SimpleAggregateFunction from the reported type, which the values already lack).
 */
const SESSION_COLUMNS: readonly AnalystColumn[] = [
  TENANT,
  col('session_id', 'String', 'the recorder session (one browser tab)'),
  col('started_at', DATETIME, 'time of its first recorded event (UTC)', `CAST(min(started_at) AS ${DATETIME})`),
  col('ended_at', DATETIME, 'time of its last recorded event (UTC)', `CAST(max(ended_at) AS ${DATETIME})`),
  col(
    'duration_ms',
    'Int64',
    'ended_at minus started_at, in milliseconds',
    "dateDiff('millisecond', started_at, ended_at)",
  ),
  col('user_id', 'String', 'the identified user’s id, empty if none', 'CAST(max(user_id) AS String)'),
  col('user_name', 'String', 'the identified user’s name, empty if none', 'CAST(max(user_name) AS String)'),
  col('has_agent', 'Bool', 'whether an agent’s side recorded in it (co-browsing)', 'CAST(max(has_agent) AS Bool)'),
  col('entry_url', 'String', 'the first page it recorded', 'argMinMerge(entry_url)'),
  col('pages', 'Array(String)', 'distinct page URLs it visited (at most 100 a day)', 'groupUniqArrayArray(100)(pages)'),
  col('event_count', 'UInt64', 'co-browse events recorded', 'CAST(sum(event_count) AS UInt64)'),
  ...TYPE_COUNT_COLUMNS.map((c) =>
    col(c, 'UInt64', `${c.replace(/_count$/, '').toUpperCase()} events recorded`, `CAST(sum(${c}) AS UInt64)`),
  ),
  col('replay_count', 'UInt64', 'rrweb replay events recorded', 'CAST(sum(replay_count) AS UInt64)'),
  col('batch_count', 'UInt64', 'recorder batches it was sent in', 'CAST(sum(batch_count) AS UInt64)'),
];

/**
 * The tables analysts' SQL reads (`POST /v1/sql`), with the columns each shows: what `SELECT *`,
 * `DESCRIBE` and `GET /v1/sql/schema` answer. Columns left out here are invisible to analysts; a
 * test compares this list with the tables ClickHouse has, so a migration cannot drift from it.
 */
export const ANALYST_SCHEMA: readonly AnalystTable[] = [
  {
    name: COBROWSE_TABLE,
    description: 'one row per co-browse event (CLICK, SCROLL, INPUT, FORM, PAGECHANGE, SELECTION, CUSTOM_EVENT)',
    columns: [
      TENANT,
      col('session_id', 'String', 'the recorder session it happened in'),
      col('ts', DATETIME, 'when it happened in the page (UTC)'),
      col('seq', 'UInt32', 'the recorder batch it came in, in session order'),
      col('idx', 'UInt16', 'its place within that batch'),
      col('type', LC, 'CLICK, SCROLL, INPUT, FORM, PAGECHANGE, SELECTION or CUSTOM_EVENT'),
      col('is_agent', 'Bool', 'true when the agent’s side of a co-browse did it'),
      col('url', 'String', 'the page it happened on'),
      col('target', 'String', 'the element: its name or id, else a short selector'),
      col('text', 'String', 'clicked or selected text, masked input value, page title, or custom value as JSON'),
      col('detail', 'String', 'PAGECHANGE: the page opened; CUSTOM_EVENT: the event type'),
      col('x', 'Nullable(Int32)', 'CLICK or SCROLL position x, in pixels'),
      col('y', 'Nullable(Int32)', 'CLICK or SCROLL position y, in pixels'),
    ],
  },
  {
    name: REPLAY_TABLE,
    description: 'one row per recorder batch’s run of rrweb replay events',
    columns: [
      TENANT,
      col('session_id', 'String', 'the recorder session'),
      col('seq', 'UInt32', 'the recorder batch it came in, in session order'),
      col('first_ts', DATETIME, 'time of its first rrweb event (UTC)'),
      col('last_ts', DATETIME, 'time of its last rrweb event (UTC)'),
      col('event_count', 'UInt32', 'rrweb events in it'),
      col('has_full_snapshot', 'Bool', 'whether it holds a full DOM snapshot (replay can start there)'),
      col('payload', 'String', 'the rrweb events as a JSON array'),
      col('effect_ms', 'Array(Int64)', 'times (ms since epoch) its events show the page answering (dead-click search)'),
      col('effects_known', 'Bool', 'whether effect_ms was filled at ingest (false: stored before migration 15)'),
    ],
  },
  {
    name: SESSIONS_TABLE,
    description: 'one row per recorder session: its summary, merged over every batch and day',
    columns: SESSION_COLUMNS,
    groupBy: ['tenant_id', 'session_id'],
  },
  {
    name: SESSION_NOTES_TABLE,
    description: 'one row per note agents left on a session’s replay, at a moment of it (deleted notes are not here)',
    columns: [
      TENANT,
      col('session_id', 'String', 'the recorder session the note is on'),
      col('id', 'UUID', 'the note’s id'),
      col('offset_ms', 'UInt32', 'where in the replay it sits, in milliseconds from the session’s start'),
      col('text', 'String', 'what the note says'),
      col('author_id', 'String', 'id of the person who wrote it'),
      col('author_name', 'String', 'their name when they wrote it'),
      col('created_at', DATETIME, 'when it was written (UTC)'),
      col('deleted', 'Bool', 'always false here: a deleted note’s latest version says so, and it is left out'),
      col('version', 'UInt64', 'the note’s version; analysts see the latest of each'),
    ],
    final: true,
  },
  {
    name: AUDIT_TABLE,
    description: 'one row per platform audit event (START_CALL … CONFERENCE_RECORDING)',
    columns: [
      TENANT,
      col('ts', DATETIME, 'when it happened (UTC)'),
      col('id', 'UUID', 'the row’s id'),
      col('type', LC, 'the audit event type, e.g. ROLE_CHANGE'),
      col('user_id', 'String', 'the platform user it concerns'),
      col('data', 'String', 'the type’s data as JSON (callId, customerId, role name, …)'),
      KEY_ID,
      RECEIVED,
      ...CHAIN,
    ],
  },
  {
    name: CHANGE_AUDIT_TABLE,
    description: 'one row per configuration change (seed 000’s Facility, Username, Field, Before, After …)',
    columns: [
      TENANT,
      col('action_date', DATETIME, 'when the change was made (UTC)'),
      col('id', 'UUID', 'the row’s id'),
      col('facility', LC, 'what was changed, e.g. Channels'),
      col('username', 'String', 'who changed it'),
      col('field', 'String', 'the field changed'),
      col('before', 'String', 'its value before'),
      col('after', 'String', 'its value after'),
      col('action', LC, 'Add, Update or Delete'),
      col('origin', LC, 'where it was made: KPICHAT, TCMC or ExternalAPI'),
      KEY_ID,
      RECEIVED,
      ...CHAIN,
    ],
  },
  {
    name: CALL_LOG_TABLE,
    description: 'one row per integration call (seed 001), within the tenant’s retention',
    columns: [
      TENANT,
      col('ts', DATETIME, 'when the call was made (UTC)'),
      col('id', 'UUID', 'the row’s id'),
      col('application', LC, 'the calling application'),
      col('bot', LC, 'the bot that made the call'),
      col('source', 'String', 'where the call came from'),
      col('user', 'String', 'the user it ran for'),
      col('method', LC, 'GET, POST, PUT, DELETE or C2E'),
      col('url', 'String', 'the URL called'),
      col('status_code', 'UInt16', 'the HTTP status, 0 when the host could not be reached'),
      col('success', 'Bool', 'true for 2xx and 3xx'),
      col('duration_ms', 'UInt32', 'how long the call took, in milliseconds'),
      col('request', 'String', 'the request as curl, credentials redacted'),
      col('response', 'String', 'the response body, credentials redacted'),
      KEY_ID,
      RECEIVED,
      col('retention_days', 'UInt16', 'days the row is kept'),
    ],
  },
];
