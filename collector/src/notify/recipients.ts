import type { SettingsStore } from '../admin/settings-store.ts';
import type { UserStore } from '../admin/user-store.ts';

/** What finding recipients reads; typed by the stores, not by Services, which is built from this. */
export interface RecipientSources {
  users: Pick<UserStore, 'list'>;
  settings: Pick<SettingsStore, 'get'>;
}

/**
 * Seed 001: the users of the roles set in `notifyRoles` (Owners by default), and the other users
 * who opted in; admins may add addresses in settings. Each address once.
 */
export async function errorRecipients(s: RecipientSources, tenantId: string): Promise<string[]> {
  const users = await s.users.list(tenantId);
  const settings = await s.settings.get(tenantId);
  const byRole = new Set(settings.notifyRoles);
  const fromUsers = users.filter((u) => u.email && (byRole.has(u.role) || u.notifyOnErrors)).map((u) => u.email!);
  return [...new Set([...fromUsers, ...settings.notificationRecipients].map((e) => e.toLowerCase()))];
}
