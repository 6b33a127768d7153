import { z } from 'zod';
import { integrationKind } from './integration.ts';
import { DATETIME, chBool, chInt } from './row.ts';

/** Integrations the platform registered (seed 001's Reauthorise), one row per tenant and name. */
export const INTEGRATIONS_TABLE = 'integrations';

export const integrationsDdl = [
  `CREATE TABLE IF NOT EXISTS ${INTEGRATIONS_TABLE} (
    tenant_id String,
    name String,
    kind LowCardinality(String),
    reauthorize_url String,
    registered_at ${DATETIME},
    deleted Bool DEFAULT false,
    version UInt64
  ) ENGINE = ReplacingMergeTree(version)
  ORDER BY (tenant_id, name)`,
] as const;

export const integrationRow = z.object({
  name: z.string(),
  kind: integrationKind,
  reauthorize_url: z.string(),
  registered_ms: chInt,
  deleted: chBool,
  version: chInt,
});
export type IntegrationRow = z.infer<typeof integrationRow>;
export const INTEGRATION_SELECT =
  'name, kind, reauthorize_url, toUnixTimestamp64Milli(registered_at) AS registered_ms, deleted, version';
