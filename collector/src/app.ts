import { Hono } from 'hono';
import type { AppEnv } from './http/env.ts';
import { onError } from './http/on-error.ts';
import { registerAdmin } from './routes/admin.ts';
import { registerArchive } from './routes/archive.ts';
import { registerAuth } from './routes/auth.ts';
import { registerUsers } from './routes/users.ts';
import { PLATFORM_FAMILIES } from './routes/families.ts';
import { registerIngest } from './routes/ingest.ts';
import { registerIntegrations } from './routes/integrations.ts';
import { registerIntegrity } from './routes/integrity.ts';
import { registerOpenApi } from './routes/openapi.ts';
import { registerOperations } from './routes/operations.ts';
import { registerOperator } from './routes/operator.ts';
import { registerPlatform } from './routes/platform.ts';
import { registerSessions } from './routes/sessions.ts';
import { registerSql } from './routes/sql.ts';
import { viewerCspFor } from './routes/replay-csp.ts';
import { registerStaticAssets, type AssetDirs } from './routes/static-assets.ts';
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
  registerStaticAssets(app, assets, (c) => viewerCspFor(s, c));

  app.notFound((c) => c.json({ error: { code: 'NOT_FOUND', message: `no route ${c.req.method} ${c.req.path}` } }, 404));
  app.onError(onError(s));
  return app;
}
