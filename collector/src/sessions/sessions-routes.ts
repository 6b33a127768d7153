import { toIso, type RecorderBatch, type SessionSummary } from '@loupe/schemas';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { recordAction } from '../admin/record-action.ts';
import { ApiError } from '../http/api-error.ts';
import type { AppEnv } from '../http/caller.ts';
import { routesOn, type RouteDeps } from '../http/register-route.ts';
import { ROUTES } from '../route-table.ts';
import type { Services } from '../services.ts';
import { listSessionEvents, listSessions, readReplayPayloads, replayPageJson } from './session-queries.ts';
import { listClickIssues } from './click-issue-queries.ts';
import { LIVE_QUEUE_MAX_CHARS, ViewerQueue } from './viewer-queue.ts';

export type SessionsDeps = RouteDeps & Pick<Services, 'client' | 'live' | 'writer' | 'now'>;

const toJson = (x: SessionSummary) => ({ ...x, startedAt: toIso(x.startedAt), endedAt: toIso(x.endedAt) });

/**
 * One stored batch as the live view sends it. The replay goes out as the text the recorder sent
 * when the collector kept it (recorder-body.ts): rrweb's events are most of a batch's bytes, and
 * stringifying them again for every watcher was work that text already holds.
 */
function liveMessage(batch: RecorderBatch): string {
  const head = JSON.stringify({
    seq: batch.seq,
    isAgent: batch.isAgent,
    events: batch.events.map((e) => ({ ...e, ts: toIso(e.ts) })),
  });
  return `${head.slice(0, -1)},"replay":${batch.replayJson ?? JSON.stringify(batch.replay)}}`;
}

/** Recorded sessions: the list, one summary, its co-browse events, its rrweb replay, and the live view. */
export function sessionsRoutes(s: SessionsDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const on = routesOn(app, s);

  on(ROUTES.listSessions, async (c) => {
    const f = c.req.valid('query');
    const page = await listSessions(s.client, { ...f, urlContains: f.url, tenantId: c.get('caller').tenantId });
    return c.json({ items: page.items.map(toJson), next: page.next });
  });

  /** One session's summary, for a replay opened from a link. */
  on(ROUTES.getSession, async (c) => {
    const sessionId = c.req.valid('param').id;
    const [x] = (await listSessions(s.client, { sessionId, tenantId: c.get('caller').tenantId, limit: 1 })).items;
    if (!x) throw new ApiError(404, { code: 'NOT_FOUND', message: `no session ${sessionId}` });
    return c.json(toJson(x));
  });

  on(ROUTES.sessionEvents, async (c) => {
    const sessionId = c.req.valid('param').id;
    const f = c.req.valid('query');
    const page = await listSessionEvents(s.client, {
      ...f,
      types: f.type,
      sessionId,
      tenantId: c.get('caller').tenantId,
    });
    return c.json({ items: page.items.map((e) => ({ ...e, ts: toIso(e.ts) })), next: page.next });
  });

  /**
   * Live view: every batch of the session stored from now on, as server-sent events, which is
   * what an agent co-browsing with a customer watches. Joining is audited as LIVE_VIEW.
   */
  on(ROUTES.sessionLive, async (c) => {
    const sessionId = c.req.valid('param').id;
    const caller = c.get('caller');
    await recordAction(s, caller, { type: 'LIVE_VIEW', data: { sessionId } });
    return streamSSE(c, async (stream) => {
      // Bounded: a viewer that stops reading is hung up on, not buffered for (see viewer-queue.ts).
      const queue = new ViewerQueue(LIVE_QUEUE_MAX_CHARS, () => void stream.abort());
      const unsubscribe = s.live.subscribe(caller.tenantId, sessionId, (batch) => {
        queue.push(liveMessage(batch));
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
  on(ROUTES.sessionReplay, async (c) => {
    const sessionId = c.req.valid('param').id;
    const f = c.req.valid('query');
    const { payloads } = await readReplayPayloads(s.client, {
      ...f,
      fromSnapshot: f.snapshot,
      sessionId,
      tenantId: c.get('caller').tenantId,
    });
    // The stored text as it is: parsing every event and writing it back was most of this route's
    // time before a replay's first frame (and seconds for a whole long session).
    return c.body(replayPageJson(payloads), 200, { 'Content-Type': 'application/json' });
  });

  on(ROUTES.sessionClickIssues, async (c) => {
    const sessionId = c.req.valid('param').id;
    const items = await listClickIssues(s.client, { sessionId, tenantId: c.get('caller').tenantId });
    return c.json({ items, next: null });
  });
  return app;
}
