import type { ClickHouseClient } from '@clickhouse/client';
import { CALL_LOG_TABLE, INTEGRATION_STATE_TABLE, type CallLogFacets } from '@loupe/schemas';
import { z } from 'zod';
import { selectRows } from '../storage/queries/select.ts';

/** More names than anyone picks from a list; a tenant past it still filters by typing the address. */
export const MAX_FACET_VALUES = 5_000;

const nameRow = z.object({ kind: z.enum(['bot', 'application']), name: z.string() });

/**
 * The bots and applications of a tenant: those in its call logs within retention, and those its
 * integrations ever saw (integration_state keeps a row per application and bot, so a bot whose
 * calls aged out is still in the account). Sorted case-insensitively, each once.
 */
export async function callLogFacets(client: ClickHouseClient, tenantId: string): Promise<CallLogFacets> {
  const { rows } = await selectRows(
    client,
    {
      sql: `SELECT kind, name FROM (
              SELECT arrayJoin([('bot', toString(bot)), ('application', toString(application))]) AS p,
                     p.1 AS kind, p.2 AS name
              FROM (
                SELECT DISTINCT bot, application FROM ${CALL_LOG_TABLE}
                WHERE tenant_id = {t:String} AND ts + toIntervalDay(retention_days) > now64(3)
                UNION DISTINCT
                SELECT DISTINCT bot, application FROM ${INTEGRATION_STATE_TABLE} FINAL WHERE tenant_id = {t:String}
              )
            )
            WHERE name != ''
            GROUP BY kind, name
            ORDER BY kind, lower(name), name
            LIMIT ${MAX_FACET_VALUES} BY kind`,
      params: { t: tenantId },
    },
    nameRow,
  );
  return {
    bots: rows.filter((r) => r.kind === 'bot').map((r) => r.name),
    applications: rows.filter((r) => r.kind === 'application').map((r) => r.name),
  };
}
