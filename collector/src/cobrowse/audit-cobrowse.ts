import { AUDIT_TABLE, toAuditRow, type AuditEvent } from '@loupe/schemas';
import { rowId } from '../ids/row-id.ts';
import type { Services } from '../services.ts';

export type CobrowseAudit = 'LIVE_VIEW_REQUEST' | 'LIVE_VIEW_CONSENT' | 'LIVE_VIEW_REFUSAL' | 'LIVE_VIEW_END';

/**
 * Audits a step of a co-browse join as a general audit event of the tenant. The event's user is
 * always the agent (the seed's logs name the tenant user), also when the customer's page took the
 * step: a tenant admin reads "agent X's request to session S was refused", not a site key's id.
 */
export async function auditCobrowse(
  s: Pick<Services, 'writer' | 'now'>,
  tenantId: string,
  type: CobrowseAudit,
  who: { agentId: string; sessionId: string; keyId: string; by?: 'agent' | 'customer' },
): Promise<void> {
  const ts = s.now();
  const data =
    type === 'LIVE_VIEW_END' ? { sessionId: who.sessionId, by: who.by ?? 'customer' } : { sessionId: who.sessionId };
  const event = { type, ts, userId: who.agentId, data } as AuditEvent;
  await s.writer.write(AUDIT_TABLE, [toAuditRow(tenantId, event, { id: rowId(), keyId: who.keyId, receivedAt: ts })]);
}
