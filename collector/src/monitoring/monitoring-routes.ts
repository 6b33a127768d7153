import type { health } from '@loupe/schemas';
import { Hono, type Context } from 'hono';
import type { z } from 'zod';
import type { AppEnv } from '../http/caller.ts';
import { routesOn } from '../http/register-route.ts';
import { ROUTES } from '../route-table.ts';
import type { Services } from '../services.ts';

export type MonitoringDeps = Pick<Services, 'client' | 'metrics' | 'durable' | 'spool' | 'quarantine'>;

/**
 * Ready means a write sent now is acknowledged: stored, or spooled while storage is down. The
 * spool exists to ride out an outage, so an outage alone must not make a load balancer stop
 * sending (nor an orchestrator restart a collector whose spool is doing its job).
 */
async function readiness(s: MonitoringDeps): Promise<{ ready: boolean; body: z.infer<typeof health> }> {
  const ping = await s.client.ping().catch((e: unknown) => ({ success: false as const, error: e as Error }));
  // Storage that answers pings but fails every insert is not healthy either: writes go to the spool.
  const spooling = s.durable.degraded;
  const quarantined = s.quarantine.count ? { quarantined: s.quarantine.count } : {};
  if (ping.success && !spooling) return { ready: true, body: { status: 'ok', clickhouse: 'up', ...quarantined } };
  const clickhouse = ping.success
    ? { clickhouse: 'up' as const, writes: 'failing' as const }
    : { clickhouse: 'down' as const, error: ping.error.message };
  const spooled = s.spool.pending.length;
  if (s.spool.accepting) return { ready: true, body: { status: 'degraded', ...clickhouse, spooled, ...quarantined } };
  const spool = s.spool.full ? ('full' as const) : ('broken' as const);
  return { ready: false, body: { status: 'unavailable', ...clickhouse, spooled, spool, ...quarantined } };
}

/** For the deployment, not for people: liveness, readiness, and Prometheus metrics. */
export function monitoringRoutes(s: MonitoringDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const on = routesOn(app);
  on(ROUTES.livez, (c) => c.json({ status: 'ok' as const }));
  const ready = async (c: Context<AppEnv>) => {
    const r = await readiness(s);
    return c.json(r.body, r.ready ? 200 : 503);
  };
  on(ROUTES.readyz, ready);
  on(ROUTES.healthz, ready);

  on(ROUTES.metrics, async (c) =>
    c.body(await s.metrics.registry.metrics(), 200, { 'Content-Type': s.metrics.registry.contentType }),
  );
  return app;
}
