import { Hono } from 'hono';
import { ApiError } from '../http/api-error.ts';
import { actorOf, type AppEnv } from '../http/caller.ts';
import { routesOn, type RouteDeps } from '../http/register-route.ts';
import { ROUTES } from '../route-table.ts';
import type { Services } from '../services.ts';
import { auditCobrowse } from './audit-cobrowse.ts';

export type AgentRoutesDeps = RouteDeps & Pick<Services, 'cobrowse' | 'writer' | 'now'>;

/**
 * The agent's side of co-browsing, from the live view: ask to join, act once the customer
 * consented, end. Access is the live view's (whoever may watch a session may ask to join it, an
 * API key with the read scope too, audited as `key:<id>`); the customer decides on their page
 * whether the agent gets any further, and only the one they let in may act.
 */
export function cobrowseAgentRoutes(s: AgentRoutesDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const on = routesOn(app, s);

  on(ROUTES.cobrowseRequest, async (c) => {
    const sessionId = c.req.valid('param').id;
    const caller = c.get('caller');
    const agentId = actorOf(caller);
    const requestId = crypto.randomUUID();
    await s.cobrowse.publish(caller.tenantId, sessionId, { kind: 'join', requestId, agentId, agentName: agentId });
    await auditCobrowse(s, caller.tenantId, 'LIVE_VIEW_REQUEST', { agentId, sessionId, keyId: caller.keyId });
    return c.json(await s.cobrowse.status(caller.tenantId, sessionId), 201);
  });

  on(ROUTES.cobrowseStatus, async (c) => {
    const sessionId = c.req.valid('param').id;
    return c.json(await s.cobrowse.status(c.get('caller').tenantId, sessionId));
  });

  on(ROUTES.cobrowseAction, async (c) => {
    const sessionId = c.req.valid('param').id;
    const caller = c.get('caller');
    const agentId = actorOf(caller);
    await s.cobrowse.refresh();
    const cur = s.cobrowse.current(caller.tenantId, sessionId);
    // Only the agent the customer let in, and only while joined: a refusal lets nothing through.
    if (cur?.state !== 'joined' || cur.agentId !== agentId)
      throw new ApiError(409, {
        code: 'NOT_JOINED',
        message: `the customer has not let ${agentId} into session ${sessionId} (state: ${cur?.state ?? 'none'})`,
      });
    const actionId = crypto.randomUUID();
    const action = c.req.valid('json');
    await s.cobrowse.publish(caller.tenantId, sessionId, {
      kind: 'action',
      requestId: cur.requestId,
      actionId,
      action,
    });
    return c.json({ actionId, requestId: cur.requestId }, 202);
  });

  on(ROUTES.cobrowseEnd, async (c) => {
    const sessionId = c.req.valid('param').id;
    const caller = c.get('caller');
    const agentId = actorOf(caller);
    await s.cobrowse.refresh();
    const cur = s.cobrowse.current(caller.tenantId, sessionId);
    if (cur && cur.agentId === agentId && (cur.state === 'requested' || cur.state === 'joined')) {
      await s.cobrowse.publish(caller.tenantId, sessionId, { kind: 'end', requestId: cur.requestId, by: 'agent' });
      await auditCobrowse(s, caller.tenantId, 'LIVE_VIEW_END', {
        agentId,
        sessionId,
        keyId: caller.keyId,
        by: 'agent',
      });
    }
    return c.json(await s.cobrowse.status(caller.tenantId, sessionId));
  });
  return app;
}
