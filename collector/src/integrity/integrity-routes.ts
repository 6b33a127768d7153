import { AUDIT_TABLE, CHANGE_AUDIT_TABLE } from '@loupe/schemas';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/caller.ts';
import { requireAccess, type AccessDeps } from '../http/require-access.ts';
import { validQuery } from '../http/validate.ts';
import type { Services } from '../services.ts';
import { verifyChain, type ChainedTable } from './verify-chain.ts';

export const integrityQuery = z.strictObject({
  table: z.enum([AUDIT_TABLE, CHANGE_AUDIT_TABLE] as [ChainedTable, ChainedTable]).optional(),
});

export type IntegrityDeps = AccessDeps & Pick<Services, 'client' | 'writer' | 'archiveFiles' | 'config'>;

/** Checks the caller's audit chains; names the first changed, removed or misplaced row. */
export function integrityRoutes(s: IntegrityDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const admin = requireAccess(s, { scope: 'admin', permissions: ['admin'] });
  app.get('/v1/integrity/verify', admin, validQuery(integrityQuery), async (c) => {
    const { table } = c.req.valid('query');
    await s.writer.flush();
    const tables: ChainedTable[] = table ? [table] : [AUDIT_TABLE, CHANGE_AUDIT_TABLE];
    const tenantId = c.get('caller').tenantId;
    const reports = [];
    for (const t of tables) {
      reports.push(await verifyChain(s.client, t, tenantId, { key: s.config.LOUPE_CHAIN_KEY, archive: s.archiveFiles }));
    }
    return c.json({ ok: reports.every((r) => r.ok), reports });
  });
  return app;
}
