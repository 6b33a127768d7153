import { RECORDER_FORMAT_VERSION, type CobrowseEvent, type PageReport, type RecorderBatch } from '@loupe/schemas';
import type { Hono, MiddlewareHandler } from 'hono';
import { streamSSE } from 'hono/streaming';
import { ApiError } from '../http/api-error.ts';
import type { AppEnv } from '../http/caller.ts';
import { routesOn, type RouteDeps } from '../http/register-route.ts';
import { ROUTES } from '../route-table.ts';
import type { Services } from '../services.ts';
import { agentSeq } from './agent-seq.ts';
import { auditCobrowse } from './audit-cobrowse.ts';
import type { CommandRow } from './cobrowse-hub.ts';

export type PageRoutesDeps = RouteDeps & Pick<Services, 'cobrowse' | 'sessionBindings' | 'durable' | 'writer' | 'now'>;

const notYours = (sessionId: string) =>
  new ApiError(403, {
    code: 'SESSION_NOT_YOURS',
    message: `only the recorder of session ${sessionId} may take part in its co-browsing; send its session secret`,
    path: 'ss',
  });

/** What the page is sent of a command: the request, and for an action what to do. */
function downward(row: CommandRow): { event: string; data: string } {
  const c = row.command;
  if (c.kind === 'join') return { event: 'join', data: JSON.stringify({ requestId: c.requestId, agent: c.agentName }) };
  if (c.kind === 'action')
    return { event: 'action', data: JSON.stringify({ requestId: c.requestId, actionId: c.actionId, ...c.action }) };
  return { event: 'end', data: JSON.stringify({ requestId: c.requestId }) };
}

/** The co-browse event an applied action is stored as, flagged as the agent's. */
function agentEvent(
  kind: 'click' | 'input' | 'scroll',
  r: Extract<PageReport, { kind: 'applied' }>,
  at: number,
  x = 0,
  y = 0,
): CobrowseEvent {
  if (kind === 'click') return { type: 'CLICK', ts: at, data: { target: r.target } };
  if (kind === 'input') return { type: 'INPUT', ts: at, data: { target: r.target, value: r.value ?? '' } };
  return { type: 'SCROLL', ts: at, data: { target: r.target, x, y } };
}

/**
 * The customer page's side of co-browsing, behind the ingest feature's site-key check (`access`):
 * its stream of commands, and its reports. Both need the session's own secret, so a session id
 * alone (or an agent's join token) neither reads the agent's commands nor answers for the customer.
 */
export function cobrowsePageRoutes(app: Hono<AppEnv>, s: PageRoutesDeps, access: MiddlewareHandler<AppEnv>): void {
  const on = routesOn(app, s);

  on(
    ROUTES.cobrowsePageStream,
    async (c) => {
      const { sid, ss } = c.req.valid('query');
      const tenantId = c.get('caller').tenantId;
      if (!(await s.sessionBindings.owns(tenantId, sid, ss))) throw notYours(sid);
      return streamSSE(c, async (stream) => {
        const queue: CommandRow[] = [];
        let wake: (() => void) | undefined;
        const off = s.cobrowse.subscribe(tenantId, sid, (row) => {
          queue.push(row);
          wake?.();
        });
        stream.onAbort(() => {
          off();
          wake?.();
        });
        // The request that made the page open this stream was written before it: send it first.
        const waiting = s.cobrowse.current(tenantId, sid);
        if (waiting && (waiting.state === 'requested' || waiting.state === 'joined'))
          await stream.writeSSE({
            event: 'join',
            data: JSON.stringify({ requestId: waiting.requestId, agent: waiting.agentName, state: waiting.state }),
          });
        while (!stream.aborted) {
          const row = queue.shift();
          if (row) {
            await stream.writeSSE(downward(row));
            continue;
          }
          await new Promise<void>((resolve) => {
            const t = setTimeout(resolve, 15_000);
            wake = () => {
              clearTimeout(t);
              wake = undefined;
              resolve();
            };
          });
          if (!stream.aborted && queue.length === 0) await stream.write(': keep-alive\n\n');
        }
        off();
      });
    },
    access,
  );

  on(
    ROUTES.cobrowsePageReport,
    async (c) => {
      const { ss } = c.req.valid('query');
      const r = c.req.valid('json');
      const caller = c.get('caller');
      if (!(await s.sessionBindings.owns(caller.tenantId, r.sessionId, ss))) throw notYours(r.sessionId);
      await s.cobrowse.refresh();
      const cur = s.cobrowse.current(caller.tenantId, r.sessionId);
      if (!cur || cur.requestId !== r.requestId)
        throw new ApiError(409, { code: 'NO_SUCH_REQUEST', message: `no request ${r.requestId} for this session` });
      const who = { agentId: cur.agentId, sessionId: r.sessionId, keyId: caller.keyId, by: 'customer' as const };
      if (r.kind === 'consent' || r.kind === 'refuse' || r.kind === 'end') {
        // A customer answers once; an end after the end changes nothing.
        const answered =
          r.kind !== 'end' ? cur.state !== 'requested' : cur.state === 'ended' || cur.state === 'refused';
        if (!answered) {
          await s.cobrowse.publish(
            caller.tenantId,
            r.sessionId,
            r.kind === 'end'
              ? { kind: 'end', requestId: r.requestId, by: 'customer' }
              : { kind: r.kind, requestId: r.requestId },
          );
          await auditCobrowse(
            s,
            caller.tenantId,
            r.kind === 'consent' ? 'LIVE_VIEW_CONSENT' : r.kind === 'refuse' ? 'LIVE_VIEW_REFUSAL' : 'LIVE_VIEW_END',
            who,
          );
        }
        return c.json({ ok: true as const }, 202);
      }
      return c.json(await actionReport(s, caller.tenantId, cur, r as ActionReport), 202);
    },
    access,
  );
}

type ActionReport = Extract<PageReport, { kind: 'applied' | 'refused' }>;

/** The page applied an agent's action (stored as the agent's event) or refused it (said to the agent). */
async function actionReport(
  s: PageRoutesDeps,
  tenantId: string,
  cur: NonNullable<ReturnType<Services['cobrowse']['current']>>,
  r: ActionReport,
): Promise<{ ok: true }> {
  const sent = cur.actions.get(r.actionId);
  if (!sent?.action || cur.state !== 'joined')
    throw new ApiError(409, { code: 'NO_SUCH_REQUEST', message: `no action ${r.actionId} of a joined agent` });
  if (r.kind === 'refused') {
    await s.cobrowse.publish(tenantId, r.sessionId, {
      kind: 'refused',
      requestId: r.requestId,
      actionId: r.actionId,
      reason: r.reason,
    });
    return { ok: true };
  }
  const a = sent.action;
  const at = s.now();
  const event = agentEvent(a.kind, r, at, a.kind === 'scroll' ? a.x : 0, a.kind === 'scroll' ? a.y : 0);
  const batch: RecorderBatch = {
    v: RECORDER_FORMAT_VERSION,
    sessionId: r.sessionId,
    seq: agentSeq(r.actionId),
    isAgent: true,
    sentAt: at,
    events: [event],
    replay: [],
  };
  await s.durable.recorderBatch(tenantId, batch);
  await s.cobrowse.publish(tenantId, r.sessionId, { kind: 'applied', requestId: r.requestId, actionId: r.actionId });
  return { ok: true };
}
