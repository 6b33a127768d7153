import { Hono } from 'hono';
import { recordAction } from '../admin/record-action.ts';
import type { AppEnv } from '../http/caller.ts';
import { ApiError } from '../http/api-error.ts';
import { routesOn, type RouteDeps } from '../http/register-route.ts';
import { ROUTES } from '../route-table.ts';
import type { Services } from '../services.ts';
import { integrationList } from './integration-list.ts';
import { IntegrationStore } from './integration-store.ts';

export type IntegrationsDeps = RouteDeps & Pick<Services, 'alerts' | 'client' | 'writer' | 'now'>;

/**
 * Seed 001's integrations: the platform registers each (name, kind, re-authorisation URL); the
 * list shows how each bot's calls to it stand; Reauthorise is audited and answers the URL to open.
 * Loupe holds no third-party tokens: the flag clears when the platform's next call succeeds.
 */
export function integrationsRoutes(s: IntegrationsDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const on = routesOn(app, s);
  const store = new IntegrationStore(s.client, s.now);

  on(ROUTES.listIntegrations, async (c) => {
    const tenantId = c.get('caller').tenantId;
    const [states, registered] = await Promise.all([s.alerts.integrations(tenantId), store.list(tenantId)]);
    return c.json({ items: integrationList(states, registered), next: null });
  });

  on(ROUTES.registerIntegration, async (c) => {
    const caller = c.get('caller');
    const body = c.req.valid('json');
    const saved = await store.register(caller.tenantId, body);
    await recordAction(s, caller, {
      type: 'PLUGIN_CHANGE',
      data: {
        plugin: body.name,
        configuration: { action: 'register', kind: body.kind, reauthorizeUrl: body.reauthorizeUrl },
      },
    });
    return c.json(saved, 200);
  });

  on(ROUTES.reauthorizeIntegration, async (c) => {
    const caller = c.get('caller');
    const { name } = c.req.valid('json');
    const found = await store.get(caller.tenantId, name);
    if (!found)
      throw new ApiError(404, {
        code: 'INTEGRATION_NOT_REGISTERED',
        message: `no integration named "${name}" is registered; the platform registers it with POST /v1/integrations`,
        path: 'name',
      });
    // Audited before the URL is handed out: a Reauthorise that is not on record does not open.
    await recordAction(s, caller, {
      type: 'PLUGIN_CHANGE',
      data: {
        plugin: name,
        configuration: { action: 'reauthorize', kind: found.kind, reauthorizeUrl: found.reauthorizeUrl },
      },
    });
    return c.json({ name, reauthorizeUrl: found.reauthorizeUrl });
  });
  return app;
}
