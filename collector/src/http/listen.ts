import { serve, type ServerType } from '@hono/node-server';
import type { Server } from 'node:http';

/**
 * How long an idle keep-alive connection stays open. Node's default, 5 s, is the recorder's batch
 * interval: a page's next batch often left on a connection the collector was closing at that
 * moment, and died unanswered (the soak saw 33 "socket hang up" in one burst). Well above the
 * interval, a page keeps one connection between batches (no new handshake per batch), and above
 * the 60 s idle timeout load balancers default to, so the balancer, not the collector, closes first.
 */
export const KEEP_ALIVE_MS = 65_000;

/** Serves `fetch` (hono's app) on `port`; resolves once listening. Every collector server starts here. */
export function listen(
  fetch: Parameters<typeof serve>[0]['fetch'],
  port: number,
  hostname: string,
  onListening?: (port: number) => void,
): Promise<ServerType> {
  return new Promise((resolve) => {
    const s = serve({ fetch, port, hostname }, (info) => {
      onListening?.(info.port);
      resolve(s);
    });
    const http = s as Server;
    http.keepAliveTimeout = KEEP_ALIVE_MS;
    // Node requires the headers timeout to exceed the keep-alive one, or it cuts reused connections.
    http.headersTimeout = KEEP_ALIVE_MS + 1_000;
  });
}
