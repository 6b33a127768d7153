import { DATETIME } from './row.ts';

/**
 * The control channel between collectors (issue 18): every co-browse command and answer is a row,
 * which the collector holding the customer page's stream (or the agent's) reads by polling. Rows
 * only matter for minutes; a day's TTL keeps the table small.
 */
export const COBROWSE_COMMANDS_TABLE = 'cobrowse_commands';

export const cobrowseCommandDdl = [
  `CREATE TABLE IF NOT EXISTS ${COBROWSE_COMMANDS_TABLE} (
    tenant_id String,
    session_id String,
    id String,
    at ${DATETIME},
    kind LowCardinality(String),
    body String
  ) ENGINE = MergeTree
  ORDER BY (at, tenant_id, session_id)
  TTL toDateTime(at) + INTERVAL 1 DAY`,
] as const;
