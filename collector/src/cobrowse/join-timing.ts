import { JOIN_TIMING_NAME } from '@loupe/schemas';
import type { Context } from 'hono';

/**
 * Says in a batch's acknowledgement that an agent asks to join the session: a Server-Timing entry
 * the recorder's lazily loaded part reads through resource timing, so no page keeps a connection
 * open for a join that may never come, and the loader reads nothing new (JOIN_TIMING_NAME).
 * Timing-Allow-Origin lets the page's origin see the entry of a cross-origin request.
 */
export function joinTiming(c: Context, waiting: boolean, sessionId: string): void {
  if (!waiting) return;
  c.header('Server-Timing', `${JOIN_TIMING_NAME};desc="${sessionId}"`);
  c.header('Timing-Allow-Origin', c.req.header('origin') ?? '*');
}
