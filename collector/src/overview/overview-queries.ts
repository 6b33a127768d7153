import type { ClickHouseClient } from '@clickhouse/client';
import {
  CALL_LOG_TABLE,
  COBROWSE_TABLE,
  COBROWSE_TYPES,
  SESSIONS_TABLE,
  TYPE_COUNT_COLUMNS,
  type CallLogsOverview,
  type SessionsOverview,
} from '@loupe/schemas';
import { z } from 'zod';
import { msParam, selectRows } from '../storage/queries/select.ts';
import type { OverviewRange } from './overview-params.ts';

/** How many elements "top clicked" names: a chart of more is a list nobody reads. */
const TOP_CLICKS = 10;

/** Counts are cast to UInt32, so they come back as JSON numbers from chDB and a server alike. */
const n = z.number().int();
const params = (tenantId: string, r: OverviewRange) => ({ tenant: tenantId, from: r.from, to: r.to, tz: r.timeZone });
const inRange = (column: string) => `${column} BETWEEN ${msParam('from')} AND ${msParam('to')}`;
const localDay = (column: string) => `toString(toDate(${column}, {tz:String}))`;

/**
 * Sessions started in the range, per day of the asked zone, with their events by type, from the
 * session summary (one row per session and UTC day, merged per session here). The summary's day
 * key bounds the read; a day either side catches sessions that crossed midnight.
 */
async function sessionDays(client: ClickHouseClient, tenantId: string, r: OverviewRange) {
  const sums = TYPE_COUNT_COLUMNS.map((c) => `toUInt32(sum(${c})) AS ${c}`).join(', ');
  const { rows } = await selectRows(
    client,
    {
      sql: `SELECT ${localDay('started')} AS d, toUInt32(count()) AS sessions, ${sums}
            FROM (
              SELECT session_id, min(started_at) AS started, ${TYPE_COUNT_COLUMNS.map((c) => `sum(${c}) AS ${c}`).join(', ')}
              FROM ${SESSIONS_TABLE}
              WHERE tenant_id = {tenant:String}
                AND day BETWEEN toDate(${msParam('from')}) - 1 AND toDate(${msParam('to')}) + 1
              GROUP BY session_id
              HAVING ${inRange('started')}
            )
            GROUP BY d ORDER BY d`,
      params: params(tenantId, r),
    },
    z.object({ d: z.string(), sessions: n }).catchall(n),
  );
  return rows;
}

async function topClicks(client: ClickHouseClient, tenantId: string, r: OverviewRange) {
  const { rows } = await selectRows(
    client,
    {
      sql: `SELECT target, any(text) AS label, toUInt32(count()) AS clicks
            FROM ${COBROWSE_TABLE}
            WHERE tenant_id = {tenant:String} AND type = 'CLICK' AND target != '' AND ${inRange('ts')}
            GROUP BY target ORDER BY clicks DESC, target LIMIT ${TOP_CLICKS}`,
      params: params(tenantId, r),
    },
    z.object({ target: z.string(), label: z.string(), clicks: n }),
  );
  return rows.map((c) => ({ target: c.target, text: c.label, clicks: c.clicks }));
}

export async function sessionsOverview(
  client: ClickHouseClient,
  tenantId: string,
  r: OverviewRange,
): Promise<Omit<SessionsOverview, 'from' | 'to' | 'timeZone'>> {
  const days = await sessionDays(client, tenantId, r);
  const eventsByType = COBROWSE_TYPES.map((type, i) => ({
    type,
    events: days.reduce((sum, d) => sum + (d[TYPE_COUNT_COLUMNS[i]!] as number), 0),
  })).filter((e) => e.events > 0);
  return {
    sessionsPerDay: days.map((d) => ({ day: d.d, sessions: d.sessions })),
    eventsByType,
    topClicks: await topClicks(client, tenantId, r),
  };
}

/** Calls and errors grouped by day and one more key (none, bot, application), in retention only. */
async function callCounts(client: ClickHouseClient, tenantId: string, r: OverviewRange, key?: 'bot' | 'application') {
  const { rows } = await selectRows(
    client,
    {
      sql: `SELECT ${localDay('ts')} AS d, ${key ? `${key} AS k` : "'' AS k"},
                   toUInt32(count()) AS calls, toUInt32(countIf(NOT success)) AS errors
            FROM ${CALL_LOG_TABLE}
            WHERE tenant_id = {tenant:String} AND ${inRange('ts')}
              -- Seed 001: rows past their retention are hidden until TTL drops their part, as in the list.
              AND ts + toIntervalDay(retention_days) > now64(3)
            GROUP BY d, k ${key ? 'HAVING errors > 0' : ''} ORDER BY d, k`,
      params: params(tenantId, r),
    },
    z.object({ d: z.string(), k: z.string(), calls: n, errors: n }),
  );
  return rows;
}

export async function callLogsOverview(
  client: ClickHouseClient,
  tenantId: string,
  r: OverviewRange,
): Promise<Omit<CallLogsOverview, 'from' | 'to' | 'timeZone'>> {
  const perDay = await callCounts(client, tenantId, r);
  const perBot = await callCounts(client, tenantId, r, 'bot');
  const perApp = await callCounts(client, tenantId, r, 'application');
  return {
    callsPerDay: perDay.map((x) => ({ day: x.d, calls: x.calls, errors: x.errors })),
    errorsByBot: perBot.map((x) => ({ day: x.d, bot: x.k, errors: x.errors })),
    errorsByApplication: perApp.map((x) => ({ day: x.d, application: x.k, errors: x.errors })),
  };
}
