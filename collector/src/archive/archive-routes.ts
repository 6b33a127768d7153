import { toIso } from '@loupe/schemas';
import { Hono } from 'hono';
import type { AppEnv } from '../http/caller.ts';
import { routesOn, type RouteDeps } from '../http/register-route.ts';
import { ROUTES } from '../route-table.ts';
import type { Services } from '../services.ts';

export type ArchiveDeps = RouteDeps & Pick<Services, 'archive' | 'writer'>;

/** Archiving's last runs (the viewer shows them) and a way to run it now instead of at the next hour. */
export function archiveRoutes(s: ArchiveDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const on = routesOn(app, s);

  on(ROUTES.archiveRuns, async (c) => {
    const runs = await s.archive.history(c.get('caller').tenantId);
    return c.json({
      items: runs.map((r) => ({
        table: r.table_name,
        month: r.month,
        state: r.state,
        rows: r.rows,
        startedAt: toIso(r.started_ms),
        updatedAt: toIso(r.updated_ms),
      })),
      next: null,
    });
  });

  on(ROUTES.runArchive, async (c) => {
    await s.writer.flush();
    const results = await s.archive.runTenant(c.get('caller').tenantId);
    return c.json({ archived: results.map((r) => ({ table: r.table, month: r.month, rows: r.rows })) });
  });
  return app;
}
