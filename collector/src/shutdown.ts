import type { ClickHouseClient } from '@clickhouse/client';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { Services } from './services.ts';

export interface ShutdownParts {
  server: Server;
  services: Pick<Services, 'writer' | 'durable' | 'spool' | 'alerts'>;
  client: ClickHouseClient;
  logger: Logger;
  /** How long requests under way may take before their connections are closed. */
  graceMs: number;
}

/**
 * Stops taking connections, lets the requests under way finish (their rows are inserted now
 * instead of at the next flush tick, so each gets its 202), then flushes the writer, closes the
 * spool and storage. Requests that outlast the grace (a live view's stream) are cut off. Every
 * write that was answered 202 is stored or in the fsynced spool by the time the process exits.
 */
export async function shutDown(p: ShutdownParts): Promise<void> {
  const closed = new Promise<void>((resolve) => p.server.close(() => resolve()));
  let done = false;
  // Requests waiting on a flush tick (LOUPE_FLUSH_MS) get their insert now.
  const flushing = (async () => {
    while (!done) {
      await p.services.writer.flush();
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const grace = setTimeout(() => {
    p.logger.warn({ graceMs: p.graceMs }, 'requests still open after the grace period; closing their connections');
    p.server.closeAllConnections();
  }, p.graceMs);
  await closed;
  done = true;
  clearTimeout(grace);
  await flushing;
  await p.services.alerts.settled();
  await p.services.durable.stop();
  await p.services.writer.close();
  await p.services.spool.close();
  await p.client.close();
}
