import { Hono } from 'hono';
import { v7 as uuidv7 } from 'uuid';
import { withArchive } from '../archive/archived-source.ts';
import { BODY_LIMITS } from '../http/body-limits.ts';
import type { AppEnv } from '../http/caller.ts';
import { requireAccess, type AccessDeps } from '../http/require-access.ts';
import { validQuery, validRecords } from '../http/validate.ts';
import type { Services } from '../services.ts';
import { csvStream, EXPORT_PAGE_ROWS } from './csv-stream.ts';
import type { AnyFamily } from './record-families.ts';

export type RecordsDeps = AccessDeps &
  Pick<Services, 'client' | 'settings' | 'durable' | 'archiveFiles' | 'alerts' | 'config' | 'now'>;

/**
 * POST one record or an array. The request is all or nothing (see validRecords): nothing of a
 * request with a bad record is stored, so a client can fix and resend it whole.
 */
function registerWrite(app: Hono<AppEnv>, s: RecordsDeps, f: AnyFamily): void {
  const limits = BODY_LIMITS.bulk(s.config.LOUPE_MAX_BODY_BYTES);
  app.post(f.path, requireAccess(s, { scope: 'ingest' }), validRecords(f.schema(s.now), limits), async (c) => {
    const caller = c.get('caller');
    const parsed = c.req.valid('json');
    const settings = await s.settings.get(caller.tenantId);
    const receivedAt = s.now();
    const ids: string[] = [];
    const rows = parsed.map((r) => {
      const id = uuidv7();
      ids.push(id);
      return f.toRow(caller.tenantId, r, { id, keyId: caller.keyId, receivedAt, settings });
    });
    const outcome = await s.durable.rows(f.table, rows as { id: string; tenant_id: string }[]);
    f.afterStore?.(s, caller.tenantId, parsed);
    return c.json({ stored: rows.length, ids, spooled: outcome === 'spooled' }, 202);
  });
}

/** GET: the seed's filters and keyset pages, newest first; `export.csv`: the same filters, oldest first, streamed. */
function registerReads(app: Hono<AppEnv>, s: RecordsDeps, f: AnyFamily): void {
  const filters = validQuery(f.filters);
  app.get(f.path, requireAccess(s, { scope: 'read', permissions: [f.permission] }), filters, async (c) => {
    const query = c.req.valid('query') as Record<string, unknown>;
    const tenantId = c.get('caller').tenantId;
    const source = query.includeArchived ? await withArchive(s.client, s.archiveFiles, tenantId, f.table) : undefined;
    const page = await f.list(s.client, { ...query, tenantId, source });
    return c.json({ items: page.items.map(f.toJson), next: page.next });
  });

  app.get(`${f.path}/export.csv`, requireAccess(s, { scope: 'export', permissions: [f.permission, 'admin'] }), filters, async (c) => {
    const { cursor: _ignored, limit: _l, ...query } = c.req.valid('query') as Record<string, unknown>;
    const tenantId = c.get('caller').tenantId;
    const source = query.includeArchived ? await withArchive(s.client, s.archiveFiles, tenantId, f.table) : undefined;
    const page = (cursor: string | undefined) =>
      f.list(s.client, { ...query, tenantId, source, cursor, limit: EXPORT_PAGE_ROWS }, true);
    const stream = csvStream(f.csv.header, f.csv.cells, page);
    const name = `${f.path.split('/').pop()}-${new Date(s.now()).toISOString().slice(0, 10)}.csv`;
    return c.body(stream, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
    });
  });
}

/** The platform's record families (audit events, change audits, call logs): writes, reads and CSV exports. */
export function recordsRoutes(s: RecordsDeps, families: readonly AnyFamily[]): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  for (const f of families) {
    registerWrite(app, s, f);
    registerReads(app, s, f);
  }
  return app;
}
