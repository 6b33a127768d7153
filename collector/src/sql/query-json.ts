import type { ClickHouseClient, ResponseJSON } from '@clickhouse/client';

/**
 * Runs a statement built by this module (never raw user text) and reads ClickHouse's JSON output.
 *
 * chDB keeps whatever a query had already written when it fails mid-stream (the JSON header,
 * sometimes whole blocks of rows) and prepends it to the output of the next query on the same
 * connection, whoever sent it. An analyst can make a query fail on purpose, so a throwaway query is
 * queued directly behind each statement to swallow any such remainder. The client hands a query
 * without parameters to chDB synchronously, so nothing else can be queued between the two; against
 * a ClickHouse server the extra `SELECT 1` is merely redundant.
 */
export async function queryJson<T = Record<string, unknown>>(client: ClickHouseClient, query: string): Promise<ResponseJSON<T>> {
  const result = client.query({ query, format: 'JSON' });
  const drain = client
    .query({ query: 'SELECT 1', format: 'JSON' })
    .then((r) => r.text())
    .catch(() => undefined);
  try {
    return await (await result).json<T>();
  } finally {
    await drain;
  }
}

/**
 * Runs a fixed statement whose only user input is bound as a query parameter. chDB serialises such
 * queries on a chain of its own, so a drain could not be queued right behind it; the statements
 * used here (formatQuery over a parameter) fail while being analysed, before any output exists.
 */
export async function queryJsonWithParams<T = Record<string, unknown>>(
  client: ClickHouseClient,
  query: string,
  params: Record<string, unknown>,
): Promise<ResponseJSON<T>> {
  return (await client.query({ query, format: 'JSON', query_params: params })).json<T>();
}
