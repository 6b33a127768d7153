import type { Caller } from '../http/caller.ts';
import type { Services } from '../services.ts';
import type { KeyRecord } from './key-store.ts';
import { recordAction } from './record-action.ts';

/**
 * Audits a key's creation or revocation. Seed 002's audit types are fixed, so it is a
 * SETTINGS_CHANGE of the tenant, naming the key by id and prefix (never the key itself).
 */
export async function auditKey(
  s: Pick<Services, 'writer' | 'now'>,
  caller: Caller,
  what: 'apiKeyCreated' | 'apiKeyRevoked',
  k: KeyRecord,
): Promise<void> {
  const key = { id: k.id, prefix: k.prefix, scopes: k.scopes, role: k.role, createdBy: k.createdBy };
  await recordAction(s, caller, { type: 'SETTINGS_CHANGE', data: { settings: { [what]: key } } });
}
