import { z } from 'zod';
import { auditData, type AuditType } from './audit-event.ts';
import { callLogSchema, callStatus } from './call-log.ts';
import { changeAction, changeAuditSchema, facility, origin } from './change-audit.ts';
import { isoTime, page } from './page.response.ts';

/** What every stored platform record carries beside its fields: its id and the key that sent it. */
const stored = { id: z.string(), keyId: z.string() };

function auditVariants() {
  const v = <T extends AuditType>(type: T) =>
    z.object({
      type: z.literal(type),
      ts: isoTime,
      userId: z.string(),
      /** The name of the tenant's user with that id; null for ids of the platform's own users. */
      userName: z.string().nullable(),
      /** Names of the known users the event mentions (its user, its data's tenant users), by id. */
      names: z.record(z.string(), z.string()),
      data: auditData[type],
      ...stored,
    });
  return z.discriminatedUnion('type', [
    v('START_CALL'),
    v('MESSENGER_SEND'),
    v('LIVE_VIEW'),
    v('LOGGED_IN'),
    v('ONLINE_STATUS_ONLINE'),
    v('ONLINE_STATUS_OFFLINE'),
    v('STATUS_CHANGE'),
    v('ROLE_CHANGE'),
    v('PERMISSION_CHANGE'),
    v('PLUGIN_CHANGE'),
    v('SETTINGS_CHANGE'),
    v('MEETING_CHANGE'),
    v('CONFERENCE_AGENT'),
    v('CONFERENCE_RECORDING'),
    v('SESSION_NOTE'),
    v('LIVE_VIEW_REQUEST'),
    v('LIVE_VIEW_CONSENT'),
    v('LIVE_VIEW_REFUSAL'),
    v('LIVE_VIEW_END'),
  ]);
}

/** GET /v1/audit-events: the event, its time as ISO 8601. */
export const auditEventItem = auditVariants();
export type AuditEventItem = z.infer<typeof auditEventItem>;

/** GET /v1/change-audits. */
export const changeAuditItem = changeAuditSchema().extend({
  // Reads give the canonical values only, whatever spelling was posted.
  facility,
  origin,
  action: changeAction,
  actionDate: isoTime,
  ...stored,
});
export type ChangeAuditItem = z.infer<typeof changeAuditItem>;

/** GET /v1/call-logs: the call, with its Success or Error status worked out from the code. */
export const callLogItem = callLogSchema().extend({ ts: isoTime, status: callStatus, ...stored });
export type CallLogItem = z.infer<typeof callLogItem>;

export const auditEventPage = page(auditEventItem);
export const changeAuditPage = page(changeAuditItem);
export const callLogPage = page(callLogItem);

/** POST of any family: how many were stored, their ids, and whether they wait in the spool. */
export const recordsStored = z.object({ stored: z.number(), ids: z.array(z.string()), spooled: z.boolean() });
