import { CALL_LOG_TABLE, mutationTarget } from '@loupe/schemas';
import { Hono } from 'hono';
import type { AppEnv } from '../http/caller.ts';
import { routesOn, type RouteDeps } from '../http/register-route.ts';
import { ROUTES } from '../route-table.ts';
import type { Services } from '../services.ts';
import { recordAction } from './record-action.ts';

export type SettingsDeps = RouteDeps & Pick<Services, 'settings' | 'client' | 'cluster' | 'writer' | 'now'>;

/** The tenant's settings: archiving, call-log retention, error e-mail recipients, site origins. */
export function settingsRoutes(s: SettingsDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const on = routesOn(app, s);

  on(ROUTES.getSettings, async (c) => c.json(await s.settings.get(c.get('caller').tenantId)));

  // PUT takes the whole document or part of it; what is left out keeps its value.
  on(ROUTES.putSettings, async (c) => {
    const tenantId = c.get('caller').tenantId;
    const current = await s.settings.get(tenantId);
    const change = c.req.valid('json');
    const next = { ...current, ...change };
    await s.settings.put(tenantId, next);
    if (next.callLogRetentionDays !== current.callLogRetentionDays) {
      // Rows keep their retention in a column (the TTL reads it), so a new period applies to stored rows too.
      await s.client.command({
        query: `ALTER TABLE ${mutationTarget(CALL_LOG_TABLE, s.cluster)} UPDATE retention_days = {days:UInt16} WHERE tenant_id = {t:String}`,
        query_params: { days: next.callLogRetentionDays, t: tenantId },
      });
    }
    await recordAction(s, c.get('caller'), { type: 'SETTINGS_CHANGE', data: { settings: change } });
    return c.json(next);
  });
  return app;
}
