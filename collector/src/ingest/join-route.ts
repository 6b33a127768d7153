import { SESSION_SECRET_HEADER } from '@loupe/schemas';
import type { Handler } from 'hono';
import type { AppEnv } from '../http/caller.ts';
import type { Services } from '../services.ts';

/**
 * `POST /v1/ingest/join`: a customer's recorder lets an agent's recorder join its session. The
 * request carries the customer's session secret, which only that page holds; the answer is a
 * token of the agent's own, bound to the session as a joined binding (session-bindings.ts).
 */
export function joinSession(s: Pick<Services, 'sessionBindings'>): Handler<AppEnv> {
  return async function joinSession(c) {
    const { sessionId } = (c.req as unknown as { valid(t: 'json'): { sessionId: string } }).valid('json');
    const secret = c.req.header(SESSION_SECRET_HEADER);
    const joinToken = await s.sessionBindings.join(c.get('caller').tenantId, sessionId, secret);
    return c.json({ sessionId, joinToken }, 201);
  };
}
