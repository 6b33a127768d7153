import { AUDIT_TABLE, toAuditRow, type AuditEvent } from '@loupe/schemas';
import { rowId } from '../ids/row-id.ts';
import { actorOf, type Caller } from '../http/caller.ts';
import type { Services } from '../services.ts';

type Action = {
  [T in AuditEvent['type']]: { type: T; data: Extract<AuditEvent, { type: T }>['data'] };
}[AuditEvent['type']];

/**
 * Audits the viewer's and admins' own actions (LOGGED_IN, LIVE_VIEW, SETTINGS_CHANGE,
 * ROLE_CHANGE, ...) as general audit events of the tenant, written like any other.
 */
export async function recordAction(s: Pick<Services, 'writer' | 'now'>, caller: Caller, action: Action): Promise<void> {
  const ts = s.now();
  const event = { ...action, ts, userId: actorOf(caller) } as AuditEvent;
  await s.writer.write(AUDIT_TABLE, [
    toAuditRow(caller.tenantId, event, { id: rowId(), keyId: caller.keyId, receivedAt: ts }),
  ]);
}
