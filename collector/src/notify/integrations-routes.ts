import type { Hono } from 'hono';
import { requireAccess } from '../http/require-access.ts';
import type { AppEnv } from '../http/caller.ts';
import type { Services } from '../services.ts';

/** Seed 001's integrations and whether each needs re-authorisation; shown beside the call logs. */
export function registerIntegrations(app: Hono<AppEnv>, s: Services): void {
  app.get('/v1/integrations', requireAccess(s, { scope: 'read', permissions: ['callLogs'] }), async (c) => {
    return c.json({ items: await s.alerts.integrations(c.get('caller').tenantId), next: null });
  });
}
