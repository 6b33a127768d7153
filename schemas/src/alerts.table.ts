import { z } from 'zod';
import { DATETIME, chBool, chInt } from './row.ts';

/**
 * Seed 001's notification state: the first error per bot sends an e-mail, then none for that bot
 * until 24 hours have passed. Kept in ClickHouse so every collector and every restart shares it.
 */
export const ALERT_STATE_TABLE = 'alert_state';
/** Seed 001's "Reauthorise": integrations whose calls fail with 401/403 until a call succeeds again. */
export const INTEGRATION_STATE_TABLE = 'integration_state';

export const alertsDdl = [
  `CREATE TABLE IF NOT EXISTS ${ALERT_STATE_TABLE} (
    tenant_id String,
    bot String,
    last_sent_at ${DATETIME},
    claim String,
    version UInt64
  ) ENGINE = ReplacingMergeTree(version)
  ORDER BY (tenant_id, bot)`,
  `CREATE TABLE IF NOT EXISTS ${INTEGRATION_STATE_TABLE} (
    tenant_id String,
    application String,
    bot String,
    needs_reauth Bool,
    since ${DATETIME},
    last_status UInt16,
    version UInt64
  ) ENGINE = ReplacingMergeTree(version)
  ORDER BY (tenant_id, application, bot)`,
] as const;

export const alertStateRow = z.object({ last_sent_ms: chInt, claim: z.string(), version: chInt });
export const ALERT_STATE_SELECT = 'toUnixTimestamp64Milli(last_sent_at) AS last_sent_ms, claim, version';

export const integrationStateRow = z.object({
  application: z.string(),
  bot: z.string(),
  needs_reauth: chBool,
  since_ms: chInt,
  last_status: chInt,
  version: chInt,
});
export const INTEGRATION_STATE_SELECT =
  'application, bot, needs_reauth, toUnixTimestamp64Milli(since) AS since_ms, last_status, version';
