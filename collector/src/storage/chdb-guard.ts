import type { createClient } from '@clickhouse/client';

type Connection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>['connection']>;

/**
 * Serialises an embedded (chDB) connection and cleans up after failed queries.
 *
 * chDB keeps whatever a query had already written when it fails mid-stream (a JSON header,
 * sometimes whole blocks of rows) and prepends it to the output of the next query on the same
 * connection, whoever sent that query: one caller's rows could reach another. So every operation
 * runs alone, and after one fails a throwaway `SELECT 1` swallows the remainder before the next
 * starts. chDB runs one query at a time per connection anyway, so the queue costs no throughput.
 */
export function guardChdbConnection(inner: Connection): Connection {
  let tail: Promise<unknown> = Promise.resolve();

  const drain = async () => {
    try {
      const r = await inner.query({ query: 'SELECT 1' } as Parameters<Connection['query']>[0]);
      for await (const _chunk of r.stream) void _chunk;
    } catch {
      // Nothing to swallow, or the engine is down; the next query will say so itself.
    }
  };

  function serial<P extends { abort_signal?: AbortSignal }, R>(op: (p: P) => Promise<R>): (p: P) => Promise<R> {
    return (p) => {
      const run = tail.then(async () => {
        // A caller that gave up while its operation waited here (an analyst who hung up) is dropped
        // unstarted. The signal goes no further: chDB would reject at once on an abort but keep
        // computing, and the next operation would then meet a busy connection. Running queries are
        // stopped with KILL QUERY instead (sql/run-killable.ts).
        if (p.abort_signal?.aborted) throw new Error('the caller gave up before its query started');
        try {
          return await op({ ...p, abort_signal: undefined });
        } catch (e) {
          await drain();
          throw e;
        }
      });
      tail = run.catch(() => undefined);
      return run;
    };
  }

  return {
    query: serial((p) => inner.query(p)),
    exec: serial((p) => inner.exec(p)),
    command: serial((p) => inner.command(p)),
    insert: serial((p: Parameters<Connection['insert']>[0]) => inner.insert(p)),
    ping: serial((p: Parameters<Connection['ping']>[0] & { abort_signal?: AbortSignal }) => inner.ping(p)),
    close: () => inner.close(),
  } as Connection;
}
