import { AUDIT_TABLE, CHANGE_AUDIT_TABLE } from '@loupe/schemas';
import { Hono } from 'hono';
import type { AppEnv } from '../http/caller.ts';
import { routesOn, type RouteDeps } from '../http/register-route.ts';
import { ROUTES } from '../route-table.ts';
import type { Services } from '../services.ts';
import { verifyChain, type ChainedTable } from './verify-chain.ts';

export type IntegrityDeps = RouteDeps & Pick<Services, 'client' | 'writer' | 'archiveFiles'>;

/** Checks the caller's audit chains; names the first changed, removed or misplaced row. */
export function integrityRoutes(s: IntegrityDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const on = routesOn(app, s);
  on(ROUTES.verifyIntegrity, async (c) => {
    const { table } = c.req.valid('query');
    await s.writer.flush();
    const tables: ChainedTable[] = table ? [table] : [AUDIT_TABLE, CHANGE_AUDIT_TABLE];
    const tenantId = c.get('caller').tenantId;
    const reports = [];
    for (const t of tables) {
      reports.push(
        await verifyChain(s.client, t, tenantId, { key: s.config.LOUPE_CHAIN_KEY, archive: s.archiveFiles }),
      );
    }
    return c.json({ ok: reports.every((r) => r.ok), reports });
  });
  return app;
}
