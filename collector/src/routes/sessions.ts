import { COBROWSE_TYPES, toIso } from '@loupe/schemas';
import type { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { recordAction } from '../control/record-action.ts';
import { LIVE_QUEUE_MAX_CHARS, ViewerQueue } from '../live/viewer-queue.ts';
import { z } from 'zod';
import { requireAccess } from '../auth/require-access.ts';
import { ApiError, invalid } from '../http/api-error.ts';
import type { AppEnv } from '../http/env.ts';
import { listSessionEvents, listSessions, readReplayWindow } from '../storage/queries/session-queries.ts';
import type { Services } from '../services.ts';
import { boolParam, pageParams } from './query-params.ts';

const sessionFilters = z.strictObject({
  ...pageParams,
  userId: z.string().max(256).optional(),
  url: z.string().max(2048).optional(),
  hasAgent: boolParam.optional(),
  minDurationMs: z.coerce.number().int().min(0).optional(),
  maxDurationMs: z.coerce.number().int().min(0).optional(),
  eventType: z.enum(COBROWSE_TYPES).optional(),
});

const eventFilters = z.strictObject({
  ...pageParams,
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
  type: z
    .string()
    .transform((s) => s.split(','))
    .pipe(z.array(z.enum(COBROWSE_TYPES)))
    .optional(),
});

const replayFilters = z.strictObject({ from: pageParams.from, to: pageParams.to, snapshot: boolParam.optional() });
const sessionIdParam = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const p = schema.safeParse(value);
  if (!p.success) throw invalid(p.error);
  return p.data;
}

export function registerSessions(app: Hono<AppEnv>, s: Services): void {
  const read = requireAccess(s, { scope: 'read', permissions: ['sessions'] });

  app.get('/v1/sessions', read, async (c) => {
    const f = parse(sessionFilters, c.req.query());
    const page = await listSessions(s.client, { ...f, urlContains: f.url, tenantId: c.get('caller').tenantId });
    return c.json({
      items: page.items.map((x) => ({ ...x, startedAt: toIso(x.startedAt), endedAt: toIso(x.endedAt) })),
      next: page.next,
    });
  });

  /** One session's summary, for a replay opened from a link. */
  app.get('/v1/sessions/:id', read, async (c) => {
    const sessionId = parse(sessionIdParam, c.req.param('id'));
    const [x] = (await listSessions(s.client, { sessionId, tenantId: c.get('caller').tenantId, limit: 1 })).items;
    if (!x) throw new ApiError(404, 'NOT_FOUND', `no session ${sessionId}`);
    return c.json({ ...x, startedAt: toIso(x.startedAt), endedAt: toIso(x.endedAt) });
  });

  app.get('/v1/sessions/:id/events', read, async (c) => {
    const sessionId = parse(sessionIdParam, c.req.param('id'));
    const f = parse(eventFilters, c.req.query());
    const page = await listSessionEvents(s.client, { ...f, types: f.type, sessionId, tenantId: c.get('caller').tenantId });
    return c.json({ items: page.items.map((e) => ({ ...e, ts: toIso(e.ts) })), next: page.next });
  });

  /**
   * Live view: every batch of the session stored from now on, as server-sent events, which is
   * what an agent co-browsing with a customer watches. Joining is audited as LIVE_VIEW.
   */
  app.get('/v1/sessions/:id/live', read, async (c) => {
    const sessionId = parse(sessionIdParam, c.req.param('id'));
    const caller = c.get('caller');
    await recordAction(s, caller, { type: 'LIVE_VIEW', data: { sessionId } });
    return streamSSE(c, async (stream) => {
      // Bounded: a viewer that stops reading is hung up on, not buffered for (see viewer-queue.ts).
      const queue = new ViewerQueue(LIVE_QUEUE_MAX_CHARS, () => void stream.abort());
      const unsubscribe = s.live.subscribe(caller.tenantId, sessionId, (batch) => {
        queue.push(JSON.stringify({ seq: batch.seq, isAgent: batch.isAgent, events: batch.events.map((e) => ({ ...e, ts: toIso(e.ts) })), replay: batch.replay }));
      });
      stream.onAbort(unsubscribe);
      await stream.writeSSE({ event: 'ready', data: JSON.stringify({ sessionId }) });
      while (!stream.aborted && !queue.overflowed) {
        const next = queue.shift();
        if (next !== undefined) {
          await stream.writeSSE({ event: 'batch', data: next });
          continue;
        }
        // A comment every 15 s keeps proxies from closing an idle stream.
        await queue.wait(15_000);
        if (queue.length === 0 && !stream.aborted && !queue.overflowed) await stream.write(': keep-alive\n\n');
      }
      unsubscribe();
    });
  });

  /** The rrweb events themselves, oldest first, for the chunks overlapping the window. */
  app.get('/v1/sessions/:id/replay', read, async (c) => {
    const sessionId = parse(sessionIdParam, c.req.param('id'));
    const f = parse(replayFilters, c.req.query());
    const { chunks } = await readReplayWindow(s.client, { ...f, fromSnapshot: f.snapshot, sessionId, tenantId: c.get('caller').tenantId });
    return c.json({ items: chunks.flatMap((ch) => ch.events), next: null });
  });
}
