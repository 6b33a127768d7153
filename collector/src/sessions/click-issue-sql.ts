import { CLICK_ISSUES, COBROWSE_TABLE, PAGE_EFFECT_SOURCES, REPLAY_TABLE } from '@loupe/schemas';

/**
 * Rage and dead clicks (definitions in schemas/src/click-issues.ts), found in ClickHouse over the
 * stored co-browse events and replay chunks, so the session list's filters and a replay's markers
 * agree. Every fragment takes the caller's `scope`, a WHERE condition that starts with the tenant:
 * nothing here reads a row without it.
 */

const N = CLICK_ISSUES.rageClicks;
const RAGE_MS = CLICK_ISSUES.rageWindowMs;
const DEAD_MS = CLICK_ISSUES.deadWindowMs;

/** A session's clicks on one element of one page, oldest first, as epoch ms in `t`. */
export const clicksPerElement = (scope: string) =>
  `SELECT session_id, url, target, any(text) AS text, arraySort(groupArray(toUnixTimestamp64Milli(ts))) AS t
   FROM ${COBROWSE_TABLE} WHERE ${scope} AND type = 'CLICK'
   GROUP BY session_id, url, target`;

/**
 * Over `t` (sorted): 1 where N clicks start that fit in the window. Any N clicks within the window
 * include N consecutive ones that do, so consecutive runs are enough.
 */
const rageStarts = `arrayMap((x, i) -> i + ${N - 1} <= length(t) AND t[i + ${N - 1}] - x <= ${RAGE_MS}, t, arrayEnumerate(t))`;

/** Sessions (of the scope) with at least one rage click. */
export const rageSessions = (scope: string) =>
  `SELECT session_id FROM (${clicksPerElement(scope)}) WHERE has(${rageStarts}, 1)`;

/**
 * Each rage burst of the scope's sessions: the clicks that belong to some window of N, cut where
 * two of them lie more than the window apart.
 */
export const rageBursts = (scope: string) =>
  `SELECT session_id, url, target, text, arrayJoin(bursts) AS burst FROM (
     SELECT session_id, url, target, text,
       ${rageStarts} AS s,
       arrayFilter((x, i) -> arrayExists(j -> s[j] = 1, range(toUInt32(greatest(1, toInt64(i) - ${N - 1})), i + 1)), t, arrayEnumerate(t)) AS f,
       arraySplit((x, i) -> i > 1 AND x - f[i - 1] > ${RAGE_MS}, f, arrayEnumerate(f)) AS bursts
     FROM (${clicksPerElement(scope)}) WHERE has(s, 1))`;

/**
 * The moments a replay chunk shows the page answering: a new page (FullSnapshot 2, Meta 4) or an
 * incremental event of a source in PAGE_EFFECT_SOURCES. Ingest stores them beside the chunk
 * (`effect_ms`, migration 15); for chunks stored before, ClickHouse parses the payload (simdjson,
 * only the three fields named). Apart in two SELECTs, so the payload column is not even read for
 * the chunks that have their times (benchmarks/src/search/search-bench.ts measures both).
 */
const parsedEffects = `arrayMap(e -> tupleElement(e, 2), arrayFilter(
    e -> tupleElement(e, 1) IN (2, 4) OR (tupleElement(e, 1) = 3 AND tupleElement(tupleElement(e, 3), 1) IN (${PAGE_EFFECT_SOURCES.join(', ')})),
    JSONExtract(payload, 'Array(Tuple(type Int64, timestamp Int64, data Tuple(source Int64)))')))`;

/**
 * Per session of the scope: every moment something answered (replay effects and co-browse events
 * other than clicks), and how far its replay goes (`until`). Sessions without a replay are left
 * out: without the DOM, no click can be judged dead.
 */
export const sessionEffects = (chunkScope: string, eventScope: string) =>
  `SELECT session_id, arraySort(groupArrayArray(eff)) AS effects, max(until) AS until FROM (
     SELECT session_id, effect_ms AS eff, toUnixTimestamp64Milli(last_ts) AS until
     FROM ${REPLAY_TABLE} WHERE ${chunkScope} AND effects_known
     UNION ALL
     SELECT session_id, ${parsedEffects} AS eff, toUnixTimestamp64Milli(last_ts) AS until
     FROM ${REPLAY_TABLE} WHERE ${chunkScope} AND NOT effects_known
     UNION ALL
     SELECT session_id, [toUnixTimestamp64Milli(ts)] AS eff, toInt64(0) AS until
     FROM ${COBROWSE_TABLE} WHERE ${eventScope} AND type != 'CLICK'
   ) GROUP BY session_id HAVING until > 0`;

/** Whether click time `x` is dead against its session's `effects` and `until`. */
export const isDead = (x: string) =>
  `(${x} + ${DEAD_MS} <= until AND NOT arrayExists(e -> e >= ${x} AND e <= ${x} + ${DEAD_MS}, effects))`;

/** Sessions of the scope with at least one dead click; the chunk and event scopes reach the window past the clicks'. */
export const deadSessions = (clickScope: string, chunkScope: string, eventScope: string) =>
  `SELECT session_id FROM (
     SELECT session_id, groupArray(toUnixTimestamp64Milli(ts)) AS clicks
     FROM ${COBROWSE_TABLE} WHERE ${clickScope} AND type = 'CLICK' GROUP BY session_id
   ) AS c INNER JOIN (${sessionEffects(chunkScope, eventScope)}) AS r USING session_id
   WHERE arrayExists(x -> ${isDead('x')}, clicks)`;

/** One session's dead clicks (the scope names one session), oldest first. */
export const deadClicks = (scope: string) =>
  `SELECT c.session_id AS session_id, c.url AS url, c.target AS target, c.text AS text, c.ts_ms AS ts_ms FROM (
     SELECT session_id, url, target, text, toUnixTimestamp64Milli(ts) AS ts_ms
     FROM ${COBROWSE_TABLE} WHERE ${scope} AND type = 'CLICK'
   ) AS c INNER JOIN (${sessionEffects(scope, scope)}) AS r USING session_id
   WHERE ${isDead('c.ts_ms')}`;
