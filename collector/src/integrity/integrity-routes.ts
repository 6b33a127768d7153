import { AUDIT_TABLE, CHANGE_AUDIT_TABLE } from '@loupe/schemas';
import type { Hono } from 'hono';
import { z } from 'zod';
import { requireAccess } from '../http/require-access.ts';
import { invalid } from '../http/api-error.ts';
import type { AppEnv } from '../http/caller.ts';
import { verifyChain, type ChainedTable } from './verify-chain.ts';
import type { Services } from '../services.ts';

const query = z.strictObject({ table: z.enum([AUDIT_TABLE, CHANGE_AUDIT_TABLE] as [ChainedTable, ChainedTable]).optional() });

/** Checks the caller's audit chains; names the first changed, removed or misplaced row. */
export function registerIntegrity(app: Hono<AppEnv>, s: Services): void {
  app.get('/v1/integrity/verify', requireAccess(s, { scope: 'admin', permissions: ['admin'] }), async (c) => {
    const p = query.safeParse(c.req.query());
    if (!p.success) throw invalid(p.error);
    await s.writer.flush();
    const tables: ChainedTable[] = p.data.table ? [p.data.table] : [AUDIT_TABLE, CHANGE_AUDIT_TABLE];
    const reports = [];
    for (const t of tables) reports.push(await verifyChain(s.client, t, c.get('caller').tenantId, { key: s.config.LOUPE_CHAIN_KEY, archive: s.archiveFiles }));
    return c.json({ ok: reports.every((r) => r.ok), reports });
  });
}
