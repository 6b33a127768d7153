import type { ClickHouseClient } from '@clickhouse/client';
import { sqlString } from './sql-string.ts';

/** How often a kill is repeated while the query has not stopped: it may not have reached the process list yet. */
const KILL_RETRY_MS = 250;

/**
 * Runs `run` and, if `signal` aborts first (the caller hung up), kills the query ClickHouse knows by
 * `logComment` (the `log_comment` setting of its SETTINGS clause), repeating until it stops. The kill
 * goes without the analysts' query id, so on chDB it runs in the writers' lane, not behind the query
 * it stops; ASYNC because chDB never finishes a KILL ... SYNC.
 */
export async function runKillable<T>(
  client: ClickHouseClient,
  logComment: string,
  run: () => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  if (!signal) return run();
  let settled = false;
  let timer: NodeJS.Timeout | undefined;
  const kill = () => {
    if (settled) return;
    client
      .command({ query: `KILL QUERY WHERE Settings['log_comment'] = ${sqlString(logComment)} ASYNC` })
      .catch(() => undefined)
      .finally(() => {
        if (!settled) timer = setTimeout(kill, KILL_RETRY_MS);
      });
  };
  signal.addEventListener('abort', kill, { once: true });
  try {
    return await run();
  } finally {
    settled = true;
    clearTimeout(timer);
    signal.removeEventListener('abort', kill);
  }
}
