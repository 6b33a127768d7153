import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { platformTime } from './time.ts';
import { boundedJson, id, text } from './text.ts';

/**
 * The fourteen general audit event types of the Chatvisor audit log (seed 002), then the viewer's
 * own: SESSION_NOTE (issue 17), a note added to or deleted from a session. None of the seed's fits
 * (LIVE_VIEW is joining a live session; the others concern calls, chats, roles and settings), and
 * an audit reader filters notes by type, so it is a type of its own rather than a reused one.
 * Last, LIVE_VIEW's companions for an agent who acts on the customer's page (issue 18): the request to join, the
 * customer's consent or refusal, and the end. The seed has LIVE_VIEW only (an agent watching).
 */
export const AUDIT_TYPES = [
  'START_CALL',
  'MESSENGER_SEND',
  'LIVE_VIEW',
  'LOGGED_IN',
  'ONLINE_STATUS_ONLINE',
  'ONLINE_STATUS_OFFLINE',
  'STATUS_CHANGE',
  'ROLE_CHANGE',
  'PERMISSION_CHANGE',
  'PLUGIN_CHANGE',
  'SETTINGS_CHANGE',
  'MEETING_CHANGE',
  'CONFERENCE_AGENT',
  'CONFERENCE_RECORDING',
  'SESSION_NOTE',
  'LIVE_VIEW_REQUEST',
  'LIVE_VIEW_CONSENT',
  'LIVE_VIEW_REFUSAL',
  'LIVE_VIEW_END',
] as const;
export const auditType = z.enum(AUDIT_TYPES);
export type AuditType = z.infer<typeof auditType>;

const call = { callId: id, customerId: id };
const names = z.array(id).max(1_000);
const configuration = z.record(text(LIMITS.idLength), boundedJson());

/** The `data` each type carries, as the seed's Data column lists it. */
export const auditData = {
  START_CALL: z.strictObject(call),
  MESSENGER_SEND: z.strictObject({ customerId: id }),
  LIVE_VIEW: z.strictObject({ sessionId: id }),
  LOGGED_IN: z.strictObject({}),
  ONLINE_STATUS_ONLINE: z.strictObject({}),
  ONLINE_STATUS_OFFLINE: z.strictObject({}),
  STATUS_CHANGE: z.strictObject({ customerId: id, status: id, messageId: id }),
  ROLE_CHANGE: z.strictObject({ roleName: id, tenantUser: id }),
  PERMISSION_CHANGE: z.strictObject({ roleName: id, permissions: names }),
  PLUGIN_CHANGE: z.strictObject({ plugin: id.optional(), configuration }),
  SETTINGS_CHANGE: z.strictObject({ settings: configuration }),
  MEETING_CHANGE: z.strictObject({ action: z.enum(['CREATE_OR_UPDATE', 'DELETE']), conference: configuration }),
  CONFERENCE_AGENT: z.strictObject(call),
  CONFERENCE_RECORDING: z.strictObject({
    ...call,
    joinedAgents: names,
    tags: z.array(text(LIMITS.shortText)).max(1_000),
  }),
  SESSION_NOTE: z.strictObject({
    sessionId: id,
    noteId: id,
    offsetMs: z.number().int().min(0).max(LIMITS.noteOffsetMs),
    action: z.enum(['ADD', 'DELETE']),
  }),
  LIVE_VIEW_REQUEST: z.strictObject({ sessionId: id }),
  LIVE_VIEW_CONSENT: z.strictObject({ sessionId: id }),
  LIVE_VIEW_REFUSAL: z.strictObject({ sessionId: id }),
  /** Who ended it: the agent, or the customer on their page. */
  LIVE_VIEW_END: z.strictObject({ sessionId: id, by: z.enum(['agent', 'customer']) }),
} as const satisfies Record<AuditType, z.ZodType>;

/** A general audit event as a platform posts it. `userId` is the tenant user the seed says every log stores. */
export function auditEventSchema(now: () => number = Date.now) {
  const common = { ts: platformTime(now), userId: id };
  const variant = <T extends AuditType>(type: T) =>
    z.strictObject({ type: z.literal(type), ...common, data: auditData[type] });
  return z.discriminatedUnion('type', [
    variant('START_CALL'),
    variant('MESSENGER_SEND'),
    variant('LIVE_VIEW'),
    variant('LOGGED_IN'),
    variant('ONLINE_STATUS_ONLINE'),
    variant('ONLINE_STATUS_OFFLINE'),
    variant('STATUS_CHANGE'),
    variant('ROLE_CHANGE'),
    variant('PERMISSION_CHANGE'),
    variant('PLUGIN_CHANGE'),
    variant('SETTINGS_CHANGE'),
    variant('MEETING_CHANGE'),
    variant('CONFERENCE_AGENT'),
    variant('CONFERENCE_RECORDING'),
    variant('SESSION_NOTE'),
    variant('LIVE_VIEW_REQUEST'),
    variant('LIVE_VIEW_CONSENT'),
    variant('LIVE_VIEW_REFUSAL'),
    variant('LIVE_VIEW_END'),
  ]);
}
export type AuditEvent = z.infer<ReturnType<typeof auditEventSchema>>;
