import type { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import type { Services } from '../services.ts';

export function registerOperations(app: Hono<AppEnv>, s: Services): void {
  app.get('/healthz', async (c) => {
    const ping = await s.client.ping().catch((e: unknown) => ({ success: false as const, error: e as Error }));
    // Storage that answers pings but fails every insert is not healthy either: writes go to the spool.
    const spooling = s.durable.degraded;
    const quarantined = s.quarantine.count ? { quarantined: s.quarantine.count } : {};
    if (ping.success && !spooling) return c.json({ status: 'ok', clickhouse: 'up', ...quarantined });
    const clickhouse = ping.success ? { clickhouse: 'up', writes: 'failing' } : { clickhouse: 'down', error: ping.error.message };
    return c.json({ status: 'degraded', ...clickhouse, spooled: s.spool.pending.length, ...quarantined }, 503);
  });

  app.get('/metrics', async (c) => c.body(await s.metrics.registry.metrics(), 200, { 'Content-Type': s.metrics.registry.contentType }));
}
