import { Hono } from 'hono';
import type { AppEnv } from '../http/caller.ts';
import { routesOn } from '../http/register-route.ts';
import { ROUTES } from '../route-table.ts';
import type { Services } from '../services.ts';

export type MonitoringDeps = Pick<Services, 'client' | 'metrics' | 'durable' | 'spool' | 'quarantine'>;

/**
 * For the deployment, not for people: liveness with ClickHouse's reachability and the spool's
 * state, and Prometheus metrics.
 */
export function monitoringRoutes(s: MonitoringDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const on = routesOn(app);
  on(ROUTES.healthz, async (c) => {
    const ping = await s.client.ping().catch((e: unknown) => ({ success: false as const, error: e as Error }));
    // Storage that answers pings but fails every insert is not healthy either: writes go to the spool.
    const spooling = s.durable.degraded;
    const quarantined = s.quarantine.count ? { quarantined: s.quarantine.count } : {};
    if (ping.success && !spooling) return c.json({ status: 'ok' as const, clickhouse: 'up' as const, ...quarantined });
    const clickhouse = ping.success
      ? { clickhouse: 'up' as const, writes: 'failing' as const }
      : { clickhouse: 'down' as const, error: ping.error.message };
    return c.json({ status: 'degraded' as const, ...clickhouse, spooled: s.spool.pending.length, ...quarantined }, 503);
  });

  on(ROUTES.metrics, async (c) =>
    c.body(await s.metrics.registry.metrics(), 200, { 'Content-Type': s.metrics.registry.contentType }),
  );
  return app;
}
