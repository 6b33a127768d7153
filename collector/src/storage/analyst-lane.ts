import type { createClient } from '@clickhouse/client';

type Connection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>['connection']>;

/**
 * Query ids that start with this run in the analysts' lane. The SQL module stamps every statement
 * it sends for an analyst (checks and the query itself) with such an id; everything else (ingest,
 * control data, `/healthz`) stays in the writers' lane.
 */
export const ANALYST_QUERY_ID_PREFIX = 'loupe-analyst-';

/** How long a statement may go on after its caller gave up (and KILL QUERY was sent) before its connection is set
 * aside: less than the second after which sql/run-killable.ts answers the caller anyway, so that whoever asks next
 * already gets the fresh connection. */
const STUCK_AFTER_MS = 750;
/** Connections set aside at once, each still finishing a statement; past this, analysts queue on the current one. */
const MAX_STUCK = 2;

const isAnalyst = (p: { query_id?: string }) => p.query_id?.startsWith(ANALYST_QUERY_ID_PREFIX) === true;

/**
 * Embedded connections on one data folder, seen as one. chDB runs one operation at a time per
 * connection, but connections on the same folder share the engine and run side by side (measured:
 * inserts on one stayed under 0.6 s while a 3 s cross join ran on the other), and each keeps its
 * own session settings and its own leftover output after a failure. So an analyst's query, however
 * heavy, never holds up a write: it waits only behind other analysts' queries.
 *
 * ClickHouse checks time limits and KILL QUERY only between blocks, and some functions are
 * quadratic within one (hasAny over two long arrays, editDistance): such a statement can run long
 * after its caller gave up. Once it has outlived its caller by STUCK_AFTER_MS, its connection is
 * set aside, to be closed when the statement ends (closing a busy chDB connection would abort the
 * engine), and later analysts get a fresh one.
 */
export function laneConnection(writers: Connection, openAnalysts: () => Connection): Connection {
  let current = openAnalysts();
  const stuck = new Set<Connection>();

  const setAside = (conn: Connection, running: Promise<unknown>) => {
    if (conn !== current || stuck.size >= MAX_STUCK) return;
    stuck.add(conn);
    current = openAnalysts();
    void running.finally(() => {
      stuck.delete(conn);
      void conn.close();
    });
  };

  function analyst<P extends { abort_signal?: AbortSignal }, R>(
    op: (c: Connection, p: P) => Promise<R>,
  ): (p: P) => Promise<R> {
    return (p) => {
      const conn = current;
      const running = op(conn, p);
      const signal = p.abort_signal;
      if (signal) {
        const settled = running.then(
          () => true,
          () => true,
        );
        const watch = () => {
          const timer = setTimeout(() => setAside(conn, settled), STUCK_AFTER_MS);
          void settled.then(() => clearTimeout(timer));
        };
        if (signal.aborted) watch();
        else signal.addEventListener('abort', watch, { once: true });
      }
      return running;
    };
  }

  const query = analyst((c, p: Parameters<Connection['query']>[0]) => c.query(p));
  const exec = analyst((c, p: Parameters<Connection['exec']>[0]) => c.exec(p));
  const command = analyst((c, p: Parameters<Connection['command']>[0]) => c.command(p));
  return {
    query: (p) => (isAnalyst(p) ? query(p) : writers.query(p)),
    exec: (p) => (isAnalyst(p) ? exec(p) : writers.exec(p)),
    command: (p) => (isAnalyst(p) ? command(p) : writers.command(p)),
    insert: (p) => writers.insert(p),
    ping: (p) => writers.ping(p),
    close: async () => {
      await Promise.all([writers.close(), current.close()]);
    },
  } as Connection;
}
