import type { ClickHouseClient, ResponseJSON } from '@clickhouse/client';

/**
 * Runs a statement built by this module (never raw user text) and reads ClickHouse's JSON output.
 * An analyst can make a query fail part-way on purpose; on chDB the connection guard
 * (storage/chdb-guard.ts) keeps that failure's partial output from reaching the next caller.
 */
export async function queryJson<T = Record<string, unknown>>(client: ClickHouseClient, query: string): Promise<ResponseJSON<T>> {
  return (await client.query({ query, format: 'JSON' })).json<T>();
}

/** Runs a fixed statement whose only user input is bound as a query parameter. */
export async function queryJsonWithParams<T = Record<string, unknown>>(
  client: ClickHouseClient,
  query: string,
  params: Record<string, unknown>,
): Promise<ResponseJSON<T>> {
  return (await client.query({ query, format: 'JSON', query_params: params })).json<T>();
}
