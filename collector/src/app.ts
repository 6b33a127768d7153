import { Hono } from 'hono';
import type { AppEnv } from './http/caller.ts';
import { onError } from './http/on-error.ts';
import { registerAdmin } from './admin/api-keys-routes.ts';
import { registerArchive } from './archive/archive-routes.ts';
import { registerAuth } from './admin/auth-routes.ts';
import { registerUsers } from './admin/users-routes.ts';
import { PLATFORM_FAMILIES } from './records/record-families.ts';
import { registerIngest } from './ingest/ingest-routes.ts';
import { registerIntegrations } from './notify/integrations-routes.ts';
import { registerIntegrity } from './integrity/integrity-routes.ts';
import { registerOpenApi } from './api-docs/openapi-document.ts';
import { registerOperations } from './monitoring/monitoring-routes.ts';
import { registerOperator } from './admin/tenants-routes.ts';
import { registerPlatform } from './records/records-routes.ts';
import { registerSessions } from './sessions/sessions-routes.ts';
import { registerSql } from './analyst-sql/sql-routes.ts';
import { registerStaticAssets, type AssetDirs } from './static/static-routes.ts';
import type { Services } from './services.ts';

/** Builds the collector's HTTP app; it opens nothing and reads no environment (see main.ts). */
export function createApp(s: Services, assets: AssetDirs = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use(async function accessLog(c, next) {
    const started = performance.now();
    await next();
    const route = c.req.routePath;
    s.metrics.requests.inc({ method: c.req.method, route, status: String(c.res.status) });
    // The path only: the query string may hold a site key (`?key=`), which must never be logged.
    s.logger.info(
      { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started), tenant: c.get('caller')?.tenantId },
      'request',
    );
  });

  registerOperations(app, s);
  registerIngest(app, s);
  registerPlatform(app, s, PLATFORM_FAMILIES);
  registerSessions(app, s);
  registerAuth(app, s);
  registerAdmin(app, s);
  registerUsers(app, s);
  registerIntegrity(app, s);
  registerIntegrations(app, s);
  registerArchive(app, s);
  registerOperator(app, s);
  registerSql(app, s);
  registerOpenApi(app);
  registerStaticAssets(app, assets);

  app.notFound((c) => c.json({ error: { code: 'NOT_FOUND', message: `no route ${c.req.method} ${c.req.path}` } }, 404));
  app.onError(onError(s));
  return app;
}
