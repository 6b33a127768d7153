import type { ClickHouseClient, ResponseJSON } from '@clickhouse/client';

/**
 * Runs a statement built by this module (never raw user text) and reads ClickHouse's JSON output.
 * `queryId` starts with the analysts' prefix (storage/analyst-lane.ts), so on chDB it runs on the
 * analysts' own connection, never in front of a write. An analyst can make a query fail part-way
 * on purpose; the connection guard (storage/chdb-guard.ts) keeps that failure's partial output from
 * reaching the next caller. A statement still waiting its turn when `signal` aborts never starts.
 */
export async function queryJson<T = Record<string, unknown>>(
  client: ClickHouseClient,
  query: string,
  queryId: string,
  params?: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<ResponseJSON<T>> {
  const result = await client.query({
    query,
    format: 'JSON',
    query_id: queryId,
    query_params: params,
    abort_signal: signal,
  });
  return result.json<T>();
}
