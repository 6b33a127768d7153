import { z } from 'zod';
import { DATETIME, chInt } from './row.ts';
import { IDEMPOTENCY_KEEP_HOURS } from './idempotency.ts';

/**
 * Idempotency keys of platform POSTs, in ClickHouse so every collector and every restart sees the
 * same ones. Each request that takes a key writes a `claimed` row and, once answered, a `done` row
 * with the answer (or `released` when it failed, so a retry runs again); the state of a claim is
 * its latest row. Kept IDEMPOTENCY_KEEP_HOURS by a TTL.
 */
export const IDEMPOTENCY_TABLE = 'idempotency_keys';
export const IDEMPOTENCY_STATES = ['claimed', 'done', 'released'] as const;

export const idempotencyDdl = [
  `CREATE TABLE IF NOT EXISTS ${IDEMPOTENCY_TABLE} (
    tenant_id String,
    route LowCardinality(String),
    key String,
    claim String,
    state LowCardinality(String),
    body_hash String,
    status UInt16,
    response String,
    at ${DATETIME}
  ) ENGINE = MergeTree
  ORDER BY (tenant_id, route, key, at)
  TTL toDateTime(at) + INTERVAL ${IDEMPOTENCY_KEEP_HOURS} HOUR`,
] as const;

export interface IdempotencyRowIn {
  tenant_id: string;
  route: string;
  key: string;
  claim: string;
  state: (typeof IDEMPOTENCY_STATES)[number];
  body_hash: string;
  status: number;
  response: string;
  at: number;
}

/** One claim of a key with its latest state, oldest claim first. */
export const IDEMPOTENCY_CLAIMS_SQL = `SELECT claim, argMax(state, at) AS state, argMax(body_hash, at) AS body_hash,
  argMax(status, at) AS status, argMax(response, at) AS response, toUnixTimestamp64Milli(min(at)) AS claimed_ms
  FROM ${IDEMPOTENCY_TABLE} WHERE tenant_id = {t:String} AND route = {r:String} AND key = {k:String}
  GROUP BY claim ORDER BY claimed_ms, claim`;

export const idempotencyClaimRow = z.object({
  claim: z.string(),
  state: z.enum(IDEMPOTENCY_STATES),
  body_hash: z.string(),
  status: chInt,
  response: z.string(),
  claimed_ms: chInt,
});
export type IdempotencyClaim = z.infer<typeof idempotencyClaimRow>;
