import { Hono } from 'hono';
import type { AppEnv } from '../http/caller.ts';
import { requireAccess, type AccessDeps } from '../http/require-access.ts';
import type { Services } from '../services.ts';

export type IntegrationsDeps = AccessDeps & Pick<Services, 'alerts'>;

/** Seed 001's integrations and whether each needs re-authorisation; shown beside the call logs. */
export function integrationsRoutes(s: IntegrationsDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/v1/integrations', requireAccess(s, { scope: 'read', permissions: ['callLogs'] }), async (c) => {
    return c.json({ items: await s.alerts.integrations(c.get('caller').tenantId), next: null });
  });
  return app;
}
