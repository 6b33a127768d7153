import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { sessionId } from './recorder-batch.ts';
import { id, text } from './text.ts';

/**
 * Co-browsing with control (issue 18): an agent watching a session live asks to join it; the
 * customer's page asks the customer, and once they consent applies the agent's clicks, typing and
 * scrolls to its own DOM. The collector carries both ways: commands down to the page (server-sent
 * events), the page's answers up (POST), and keeps each as a row of `cobrowse_commands` so a
 * collector other than the one the agent talks to can hand it on (README, "Co-browsing").
 */

/** What an agent does on the customer's page. `nodeId` is the element's id in the replay (rrweb's mirror). */
export const agentAction = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('click'), nodeId: z.number().int().min(1) }),
  z.strictObject({ kind: z.literal('input'), nodeId: z.number().int().min(1), value: text(LIMITS.shortText) }),
  z.strictObject({
    kind: z.literal('scroll'),
    nodeId: z.number().int().min(1),
    x: z.number().int().min(0).max(10_000_000),
    y: z.number().int().min(0).max(10_000_000),
  }),
]);
export type AgentAction = z.infer<typeof agentAction>;

/** The states of one join request, as both sides see them. */
export const COBROWSE_STATES = ['requested', 'joined', 'refused', 'ended'] as const;
export type CobrowseState = (typeof COBROWSE_STATES)[number];

/** What the customer's page reports: its answer to a request, or what became of an action. */
export const pageReport = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.enum(['consent', 'refuse', 'end']), sessionId, requestId: id }),
  z.strictObject({
    kind: z.literal('applied'),
    sessionId,
    requestId: id,
    actionId: id,
    /** An input's value as the page records it (masked by the page's rules). */
    value: text(LIMITS.shortText).optional(),
    /** The element's name, as the recorder names targets. */
    target: id,
  }),
  z.strictObject({
    kind: z.literal('refused'),
    sessionId,
    requestId: id,
    actionId: id,
    reason: text(LIMITS.shortText),
  }),
]);
export type PageReport = z.infer<typeof pageReport>;

/** One agent action's fate, as the agent's live view shows it. */
export const actionOutcome = z.object({
  actionId: z.string(),
  status: z.enum(['sent', 'applied', 'refused']),
  reason: z.string().optional(),
});

/** `GET /v1/sessions/:id/cobrowse`: where the agent's request stands. */
export const cobrowseStatus = z.object({
  sessionId: z.string(),
  requestId: z.string().nullable(),
  state: z.enum(COBROWSE_STATES).nullable(),
  agent: z.string().nullable(),
  actions: z.array(actionOutcome),
});
export type CobrowseStatus = z.infer<typeof cobrowseStatus>;

/** The answer to an agent's action: its id, to follow it in the status. */
export const sentAction = z.object({ actionId: z.string(), requestId: z.string() });

/**
 * The ingest acknowledgement says a join is waiting with this Server-Timing entry (its `desc` is
 * the session id). A Server-Timing entry, not a header the loader reads, because the recorder's
 * loader has no bytes to spare: the lazily loaded rrweb part sees it through the browser's
 * resource timing (Timing-Allow-Origin lets it), and only then loads the co-browse part.
 */
export const JOIN_TIMING_NAME = 'loupe-join';
