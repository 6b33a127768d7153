import type { ClickHouseClient } from '@clickhouse/client';
import { toIso, type ClickIssue } from '@loupe/schemas';
import { z } from 'zod';
import { chInt } from '@loupe/schemas';
import { selectRows, type SqlQuery } from '../storage/queries/select.ts';
import { deadClicks, rageBursts } from './click-issue-sql.ts';

const issueRow = z.object({
  kind: z.enum(['rage', 'dead']),
  first_ms: chInt,
  last_ms: chInt,
  clicks: chInt,
  url: z.string(),
  target: z.string(),
  text: z.string(),
});

/** One session's rage bursts and dead clicks, oldest first: what its replay's timeline marks. */
export function clickIssuesQuery(w: { tenantId: string; sessionId: string }): SqlQuery {
  const scope = 'tenant_id = {tenant:String} AND session_id = {session:String}';
  return {
    sql: `SELECT * FROM (
            SELECT 'rage' AS kind, burst[1] AS first_ms, burst[-1] AS last_ms, length(burst) AS clicks, url, target, text
            FROM (${rageBursts(scope)})
            UNION ALL
            SELECT 'dead' AS kind, ts_ms AS first_ms, ts_ms AS last_ms, toUInt64(1) AS clicks, url, target, text
            FROM (${deadClicks(scope)})
          ) ORDER BY first_ms, kind, target`,
    params: { tenant: w.tenantId, session: w.sessionId },
  };
}

export async function listClickIssues(
  client: ClickHouseClient,
  w: { tenantId: string; sessionId: string },
): Promise<ClickIssue[]> {
  const { rows } = await selectRows(client, clickIssuesQuery(w), issueRow);
  return rows.map((r) => ({
    kind: r.kind,
    ts: toIso(r.first_ms),
    lastTs: toIso(r.last_ms),
    clicks: r.clicks,
    url: r.url,
    target: r.target,
    ...(r.text ? { text: r.text } : {}),
  }));
}
