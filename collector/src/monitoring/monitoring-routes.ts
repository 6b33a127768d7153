import { Hono } from 'hono';
import type { AppEnv } from '../http/caller.ts';
import { routesOn } from '../http/register-route.ts';
import { ROUTES } from '../route-table.ts';
import type { Services } from '../services.ts';

export type MonitoringDeps = Pick<Services, 'client' | 'metrics'>;

/** For the deployment, not for people: liveness with ClickHouse's reachability, and Prometheus metrics. */
export function monitoringRoutes(s: MonitoringDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const on = routesOn(app);
  on(ROUTES.healthz, async (c) => {
    const ping = await s.client.ping().catch((e: unknown) => ({ success: false as const, error: e as Error }));
    return ping.success
      ? c.json({ status: 'ok', clickhouse: 'up' })
      : c.json({ status: 'degraded', clickhouse: 'down', error: ping.error.message }, 503);
  });

  on(ROUTES.metrics, async (c) => c.body(await s.metrics.registry.metrics(), 200, { 'Content-Type': s.metrics.registry.contentType }));
  return app;
}
