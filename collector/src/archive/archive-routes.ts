import { toIso } from '@loupe/schemas';
import type { Hono } from 'hono';
import { requireAccess } from '../http/require-access.ts';
import type { AppEnv } from '../http/caller.ts';
import type { Services } from '../services.ts';

/** Archiving's last runs (the viewer shows them) and a way to run it now instead of at the next hour. */
export function registerArchive(app: Hono<AppEnv>, s: Services): void {
  const admin = requireAccess(s, { scope: 'admin', permissions: ['admin'] });

  app.get('/v1/archive/runs', admin, async (c) => {
    const runs = await s.archive.history(c.get('caller').tenantId);
    return c.json({
      items: runs.map((r) => ({ table: r.table_name, month: r.month, state: r.state, rows: r.rows, startedAt: toIso(r.started_ms), updatedAt: toIso(r.updated_ms) })),
      next: null,
    });
  });

  app.post('/v1/archive/run', admin, async (c) => {
    await s.writer.flush();
    const results = await s.archive.runTenant(c.get('caller').tenantId);
    return c.json({ archived: results.map((r) => ({ table: r.table, month: r.month, rows: r.rows })) });
  });
}
