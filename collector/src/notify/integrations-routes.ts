import { Hono } from 'hono';
import type { AppEnv } from '../http/caller.ts';
import { routesOn, type RouteDeps } from '../http/register-route.ts';
import { ROUTES } from '../route-table.ts';
import type { Services } from '../services.ts';

export type IntegrationsDeps = RouteDeps & Pick<Services, 'alerts'>;

/**
 * Seed 001's integrations and whether each needs re-authorisation, shown beside the call logs; and
 * the notifications that reached nobody, shown in Settings.
 */
export function integrationsRoutes(s: IntegrationsDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const on = routesOn(app, s);
  on(ROUTES.listIntegrations, async (c) => {
    return c.json({ items: await s.alerts.integrations(c.get('caller').tenantId), next: null });
  });
  on(ROUTES.undeliveredNotifications, (c) => c.json(s.alerts.undelivered.list(c.get('caller').tenantId)));
  return app;
}
