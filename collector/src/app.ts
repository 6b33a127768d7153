import { Hono } from 'hono';
import { apiKeysRoutes } from './admin/api-keys-routes.ts';
import { authRoutes } from './admin/auth-routes.ts';
import { settingsRoutes } from './admin/settings-routes.ts';
import { tenantsRoutes } from './admin/tenants-routes.ts';
import { usersRoutes } from './admin/users-routes.ts';
import { analystSqlRoutes } from './analyst-sql/sql-routes.ts';
import { openApiRoutes } from './api-docs/openapi-document.ts';
import { archiveRoutes } from './archive/archive-routes.ts';
import { cobrowseAgentRoutes } from './cobrowse/agent-routes.ts';
import { accessLog } from './http/access-log.ts';
import type { AppEnv } from './http/caller.ts';
import { notFound, onError } from './http/on-error.ts';
import { ingestRoutes } from './ingest/ingest-routes.ts';
import { integrityRoutes } from './integrity/integrity-routes.ts';
import { monitoringRoutes } from './monitoring/monitoring-routes.ts';
import { integrationsRoutes } from './integrations/integrations-routes.ts';
import { notifyRoutes } from './notify/notify-routes.ts';
import { callLogFacetsRoutes } from './records/call-log-facets-routes.ts';
import { overviewRoutes } from './overview/overview-routes.ts';
import { PLATFORM_FAMILIES } from './records/record-families.ts';
import { recordsRoutes } from './records/records-routes.ts';
import { recordByIdRoutes } from './records/record-by-id-routes.ts';
import { notesRoutes } from './notes/notes-routes.ts';
import { heatmapRoutes } from './heatmap/heatmap-routes.ts';
import type { Services } from './services.ts';
import { sessionsRoutes } from './sessions/sessions-routes.ts';
import { viewerCspFor } from './static/replay-csp.ts';
import { staticRoutes, type AssetDirs } from './static/static-routes.ts';

/**
 * Builds the collector's HTTP app from its features, each a sub-app given only the services it
 * uses; it opens nothing and reads no environment (see main.ts).
 */
export function createApp(s: Services, assets: AssetDirs = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(accessLog(s));
  app.route('/', monitoringRoutes(s));
  app.route('/', ingestRoutes(s));
  app.route('/', recordsRoutes(s, PLATFORM_FAMILIES));
  app.route('/', sessionsRoutes(s));
  app.route('/', cobrowseAgentRoutes(s));
  app.route('/', authRoutes(s));
  app.route('/', apiKeysRoutes(s));
  app.route('/', settingsRoutes(s));
  app.route('/', usersRoutes(s));
  app.route('/', integrityRoutes(s));
  app.route('/', integrationsRoutes(s));
  app.route('/', notifyRoutes(s));
  app.route('/', callLogFacetsRoutes(s));
  // After every route of the record families: `/v1/<family>/:id` must not take their fixed paths.
  app.route('/', recordByIdRoutes(s));
  app.route('/', notesRoutes(s));
  app.route('/', heatmapRoutes(s));
  app.route('/', archiveRoutes(s));
  app.route('/', tenantsRoutes(s));
  app.route('/', analystSqlRoutes(s));
  app.route('/', overviewRoutes(s));
  app.route('/', openApiRoutes());
  // Last: the viewer's pages answer any other path that asks for HTML.
  app.route(
    '/',
    staticRoutes(assets, (c) => viewerCspFor(s, c)),
  );
  app.notFound(notFound);
  app.onError(onError(s));
  return app;
}
