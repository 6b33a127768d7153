import { LIMITS } from '@loupe/schemas';
import type { Hono } from 'hono';
import { v7 as uuidv7 } from 'uuid';
import { requireAccess } from '../auth/require-access.ts';
import { withArchive } from '../archive/archived-source.ts';
import { csvStream, EXPORT_PAGE_ROWS } from '../export/csv-stream.ts';
import { ApiError, invalid } from '../http/api-error.ts';
import { answerIdempotently } from '../http/idempotency.ts';
import type { AppEnv } from '../http/env.ts';
import { readBody } from '../http/read-body.ts';
import type { Services } from '../services.ts';
import type { AnyFamily } from './families.ts';

/**
 * POST one record or an array. The request is all or nothing: the first bad record is named by
 * its index and field and nothing of that request is stored, so a client can fix and resend it
 * whole without creating duplicates.
 */
function registerWrite(app: Hono<AppEnv>, s: Services, f: AnyFamily): void {
  app.post(f.path, requireAccess(s, { scope: 'ingest' }), async (c) => {
    const caller = c.get('caller');
    const body = await readBody(c.req.raw, { maxBytes: s.config.LOUPE_MAX_BODY_BYTES, maxInflatedBytes: 8 * s.config.LOUPE_MAX_BODY_BYTES, maxDepth: 64 });
    const many = Array.isArray(body);
    const records = many ? (body as unknown[]) : [body];
    if (records.length > LIMITS.recordsPerRequest) throw new ApiError(413, 'TOO_MANY_RECORDS', `at most ${LIMITS.recordsPerRequest} records per request, got ${records.length}`);
    if (records.length === 0) throw new ApiError(400, 'INVALID_BODY', 'the array holds no records');
    // A retry with the same Idempotency-Key stores nothing new and gets the first answer.
    return answerIdempotently(c, s.idempotency, caller.tenantId, body, async () => {
      const schema = f.schema(s.now);
      const parsed: unknown[] = [];
      for (const [i, r] of records.entries()) {
        const p = schema.safeParse(r);
        if (!p.success) throw invalid(p.error, many ? [i] : []);
        parsed.push(p.data);
      }
      const settings = await s.settings.get(caller.tenantId);
      if (f.prepare) parsed.forEach((r, i) => (parsed[i] = f.prepare!(r, settings)));
      const receivedAt = s.now();
      const ids: string[] = [];
      const rows = parsed.map((r) => {
        const id = uuidv7();
        ids.push(id);
        return f.toRow(caller.tenantId, r, { id, keyId: caller.keyId, receivedAt, settings });
      });
      const outcome = await s.durable.rows(f.table, rows as { id: string; tenant_id: string }[]);
      f.afterStore?.(s, caller.tenantId, parsed);
      return { status: 202, body: { stored: rows.length, ids, spooled: outcome === 'spooled' } };
    });
  });
}

function parseFilters(f: AnyFamily, query: Record<string, string>): Record<string, unknown> {
  const p = f.filters.safeParse(query);
  if (!p.success) throw invalid(p.error);
  return p.data as Record<string, unknown>;
}

/** GET: the seed's filters and keyset pages, newest first; `export.csv`: the same filters, oldest first, streamed. */
function registerReads(app: Hono<AppEnv>, s: Services, f: AnyFamily): void {
  app.get(f.path, requireAccess(s, { scope: 'read', permissions: [f.permission] }), async (c) => {
    const filters = parseFilters(f, c.req.query());
    const tenantId = c.get('caller').tenantId;
    const source = filters.includeArchived ? await withArchive(s.client, s.archiveFiles, tenantId, f.table) : undefined;
    const page = await f.list(s.client, { ...filters, tenantId, source });
    return c.json({ items: page.items.map(f.toJson), next: page.next });
  });

  app.get(`${f.path}/export.csv`, requireAccess(s, { scope: 'export', permissions: [f.permission, 'admin'] }), async (c) => {
    const { cursor: _ignored, limit: _l, ...filters } = parseFilters(f, c.req.query());
    const tenantId = c.get('caller').tenantId;
    const source = filters.includeArchived ? await withArchive(s.client, s.archiveFiles, tenantId, f.table) : undefined;
    const stream = csvStream(f.csv.header, f.csv.cells, (cursor) => f.list(s.client, { ...filters, tenantId, source, cursor, limit: EXPORT_PAGE_ROWS }, true));
    const name = `${f.path.split('/').pop()}-${new Date(s.now()).toISOString().slice(0, 10)}.csv`;
    return c.body(stream, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
    });
  });
}

export function registerPlatform(app: Hono<AppEnv>, s: Services, families: readonly AnyFamily[]): void {
  for (const f of families) {
    registerWrite(app, s, f);
    registerReads(app, s, f);
  }
}
