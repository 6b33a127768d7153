import type { ClickHouseClient } from '@clickhouse/client';
import type { Logger } from 'pino';

export interface WaitOptions {
  /** Named in the log lines, so the operator sees which server is awaited (no credentials in it). */
  server: string;
  /** Give up after this long; 0 waits for ever. */
  maxWaitMs: number;
  firstDelayMs?: number;
  maxDelayMs?: number;
  now?: () => number;
}

export class ClickHouseUnreachableError extends Error {
  override readonly name = 'ClickHouseUnreachableError';
}

/**
 * Start-up waits for a ClickHouse server that is not answering yet (it starts beside the collector
 * in a compose file, or is restarting), pinging with exponential backoff and one clear log line per
 * attempt, instead of dying with a stack trace and leaving the restart loop to the orchestrator.
 */
export async function waitForClickHouse(client: ClickHouseClient, logger: Logger, o: WaitOptions): Promise<void> {
  const now = o.now ?? Date.now;
  const started = now();
  let delay = o.firstDelayMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    const ping = await client.ping().catch((e: unknown) => ({ success: false as const, error: e as Error }));
    if (ping.success) {
      if (attempt > 1) logger.info({ server: o.server, attempts: attempt }, 'ClickHouse is reachable');
      return;
    }
    const waited = now() - started;
    const error = ping.error?.message || String(ping.error);
    if (o.maxWaitMs > 0 && waited + delay > o.maxWaitMs) {
      throw new ClickHouseUnreachableError(
        `ClickHouse at ${o.server} did not answer within ${Math.round(o.maxWaitMs / 1000)} s (${error}); ` +
          'check CLICKHOUSE_URL, or raise CLICKHOUSE_WAIT_SECONDS',
      );
    }
    logger.warn(
      { server: o.server, attempt, retryInMs: delay, error },
      `ClickHouse is not reachable at ${o.server}; retrying in ${(delay / 1000).toFixed(1)} s`,
    );
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, o.maxDelayMs ?? 30_000);
  }
}
