import { Hono } from 'hono';
import { rowId } from '../ids/row-id.ts';
import { archiveSourceFor } from '../archive/archived-months.ts';
import type { AppEnv } from '../http/caller.ts';
import { answerIdempotently } from '../http/idempotency.ts';
import { routesOn, type RouteDeps } from '../http/register-route.ts';
import { recordRoutes } from '../route-table.ts';
import type { Services } from '../services.ts';
import { csvStream } from './csv-stream.ts';
import type { AnyFamily } from './record-families.ts';

export type RecordsDeps = RouteDeps &
  Pick<Services, 'client' | 'settings' | 'durable' | 'archiveFiles' | 'alerts' | 'idempotency' | 'users' | 'writeLoad'>;

/** `includeArchived` as asked: true, false, or left to the time range (see monthsToRead). */
const includeOf = (q: Record<string, unknown>) => q.includeArchived as boolean | undefined;

/**
 * One family's routes. POST is all or nothing (see validRecords): nothing of a request with a bad
 * record is stored, so a client can fix and resend it whole; with an Idempotency-Key, a retry stores
 * nothing new (see idempotency.ts). GET: the seed's filters and keyset pages, newest first;
 * `export.csv`: the same filters, oldest first, streamed from one query.
 */
function registerFamily(app: Hono<AppEnv>, s: RecordsDeps, f: AnyFamily): void {
  const on = routesOn(app, s);
  const routes = recordRoutes(f);
  // Shed past the write limit before the caller's check and the body (see write-load.ts).
  app.on('POST', routes.write.path, s.writeLoad.admit());

  on(routes.write, async (c) => {
    const caller = c.get('caller');
    const parsed = c.req.valid('json') as unknown[];
    // A retry with the same Idempotency-Key stores nothing new and gets the first answer.
    return answerIdempotently(c, s.idempotency, caller.tenantId, parsed, async () => {
      const settings = await s.settings.get(caller.tenantId);
      const kept = f.prepare ? parsed.map((r) => f.prepare!(r, settings)) : parsed;
      const receivedAt = s.now();
      const ids: string[] = [];
      const rows = kept.map((r) => {
        const id = rowId();
        ids.push(id);
        return f.toRow(caller.tenantId, r, { id, keyId: caller.keyId, receivedAt, settings });
      });
      const outcome = await s.durable.rows(f.table, rows as { id: string; tenant_id: string }[]);
      f.afterStore?.(s, caller.tenantId, kept);
      return { status: 202, body: { stored: rows.length, ids, spooled: outcome === 'spooled' } };
    });
  });

  on(routes.list, async (c) => {
    const query = c.req.valid('query') as Record<string, unknown>;
    const tenantId = c.get('caller').tenantId;
    const source = await archiveSourceFor(s.client, s.archiveFiles, tenantId, f.table, query, includeOf(query));
    const page = await f.list(s.client, { ...query, tenantId, source });
    const items = page.items.map(f.toJson);
    return c.json({ items: f.enrich ? await f.enrich(s, tenantId, items) : items, next: page.next });
  });

  on(routes.export, async (c) => {
    const { cursor: _ignored, limit: _l, bom, ...query } = c.req.valid('query') as Record<string, unknown>;
    const tenantId = c.get('caller').tenantId;
    const source = await archiveSourceFor(s.client, s.archiveFiles, tenantId, f.table, query, includeOf(query));
    const range = { ...query, tenantId, source };
    const stream = csvStream(f.csv.header, f.csv.cells, f.exportRows(s.client, range), { bom: bom === true });
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
  for (const f of families) registerFamily(app, s, f);
  return app;
}
