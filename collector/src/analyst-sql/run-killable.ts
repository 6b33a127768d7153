import type { ClickHouseClient } from '@clickhouse/client';
import { sqlString } from './sql-string.ts';

/** How often a kill is repeated while the query has not stopped: it may not have reached the process list yet. */
const KILL_RETRY_MS = 250;
/** How long a killed query gets to stop by itself before its caller is answered anyway. */
const ANSWER_AFTER_MS = 1_000;

/** The caller was answered while the engine went on; `running` settles when it is done. */
export class AbandonedQueryError extends Error {
  override readonly name = 'AbandonedQueryError';
  constructor(readonly running: Promise<unknown>) {
    super('the query was given up while the engine still computed it');
  }
}

/**
 * Runs `run` and, if `signal` aborts first (the caller hung up, or the wall clock ran out), kills
 * the query ClickHouse knows by `logComment` (the `log_comment` setting of its SETTINGS clause),
 * repeating until it stops. The kill goes without the analysts' query id, so on chDB it runs in the
 * writers' lane, not behind the query it stops; ASYNC because chDB never finishes a KILL ... SYNC.
 * ClickHouse honours a kill only between blocks, so a query stuck inside one is not waited for:
 * the caller is answered a second after the abort, while the engine finishes in the background (its
 * connection is then set aside: storage/analyst-lane.ts).
 */
export async function runKillable<T>(
  client: ClickHouseClient,
  logComment: string,
  run: () => Promise<T>,
  signal: AbortSignal,
): Promise<T> {
  let settled = false;
  let timer: NodeJS.Timeout | undefined;
  let giveUp: NodeJS.Timeout | undefined;
  const kill = () => {
    if (settled) return;
    client
      .command({ query: `KILL QUERY WHERE Settings['log_comment'] = ${sqlString(logComment)} ASYNC` })
      .catch(() => undefined)
      .finally(() => {
        if (!settled) timer = setTimeout(kill, KILL_RETRY_MS);
      });
  };
  const running = run();
  const abandoned = new Promise<never>((_, reject) => {
    const onAbort = () => {
      kill();
      giveUp = setTimeout(() => reject(new AbandonedQueryError(running.catch(() => undefined))), ANSWER_AFTER_MS);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  // Whichever loses the race must not become an unhandled rejection.
  running.catch(() => undefined);
  abandoned.catch(() => undefined);
  try {
    return await Promise.race([running, abandoned]);
  } finally {
    settled = true;
    clearTimeout(timer);
    clearTimeout(giveUp);
  }
}
