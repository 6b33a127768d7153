import { Hono } from 'hono';
import type { AppEnv } from '../http/caller.ts';
import { routesOn, type RouteDeps } from '../http/register-route.ts';
import { ROUTES } from '../route-table.ts';
import type { Services } from '../services.ts';

export type NotifyDeps = RouteDeps & Pick<Services, 'alerts'>;

/** The notifications that reached nobody, shown in the viewer's Settings where an admin can fix it. */
export function notifyRoutes(s: NotifyDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  routesOn(app, s)(ROUTES.undeliveredNotifications, (c) => c.json(s.alerts.undelivered.list(c.get('caller').tenantId)));
  return app;
}
