import type { createClient } from '@clickhouse/client';

type Connection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>['connection']>;

/**
 * Query ids that start with this run in the analysts' lane. The SQL module stamps every statement
 * it sends for an analyst (checks and the query itself) with such an id; everything else (ingest,
 * control data, `/healthz`) stays in the writers' lane.
 */
export const ANALYST_QUERY_ID_PREFIX = 'loupe-analyst-';

const isAnalyst = (p: { query_id?: string }) => p.query_id?.startsWith(ANALYST_QUERY_ID_PREFIX) === true;

/**
 * Two embedded connections on one data folder, seen as one. chDB runs one operation at a time per
 * connection, but connections on the same folder share the engine and run side by side (measured:
 * inserts on one stayed under 0.6 s while a 3 s cross join ran on the other), and each keeps its
 * own session settings and its own leftover output after a failure. So an analyst's query, however
 * heavy, never holds up a write: it waits only behind other analysts' queries.
 */
export function laneConnection(writers: Connection, analysts: Connection): Connection {
  return {
    query: (p) => (isAnalyst(p) ? analysts : writers).query(p),
    exec: (p) => (isAnalyst(p) ? analysts : writers).exec(p),
    command: (p) => (isAnalyst(p) ? analysts : writers).command(p),
    insert: (p) => writers.insert(p),
    ping: (p) => writers.ping(p),
    close: async () => {
      await Promise.all([writers.close(), analysts.close()]);
    },
  } as Connection;
}
