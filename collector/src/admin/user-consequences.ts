import { covers, type Role } from '@loupe/schemas';
import type { Caller } from '../http/caller.ts';
import type { Services } from '../services.ts';
import type { User } from './user-store.ts';
import { recordAction } from './record-action.ts';

/** What follows a user change touches: their sessions, their keys and the audit trail. */
export type UserChangeDeps = Pick<Services, 'webSessions' | 'keys' | 'writer' | 'now'>;

/**
 * What follows a change to a user, beside the change itself: a new password ends their sessions
 * (someone signed in with the old one is signed out); a role that loses any permission, or a
 * deletion, revokes the keys they made, which would otherwise act above them. Each is audited.
 */
export async function afterUserChange(
  s: UserChangeDeps,
  caller: Caller,
  before: User,
  change: { role?: Role; password?: string; deleted?: boolean },
): Promise<void> {
  const tenantId = before.tenantId;
  if (change.password || change.deleted) await s.webSessions.revokeUser(tenantId, before.id);
  if (change.password) {
    const settings = { passwordChanged: { tenantUser: before.id } };
    await recordAction(s, caller, { type: 'SETTINGS_CHANGE', data: { settings } });
  }
  const downgraded = change.role !== undefined && !covers(change.role, before.role);
  if (change.deleted || downgraded) {
    const revoked = await s.keys.revokeByCreator(tenantId, before.id);
    for (const id of revoked) {
      const reason = change.deleted ? 'user deleted' : 'role downgraded';
      const settings = { apiKeyRevoked: { id, tenantUser: before.id, reason } };
      await recordAction(s, caller, { type: 'SETTINGS_CHANGE', data: { settings } });
    }
  }
}
