import { PERMISSIONS, ROLES, can, covers, type Permission } from '@loupe/schemas';
import type { User } from './user-store.ts';

/** A user as the viewer sees itself: what it may open decides which pages it shows. */
export const userJson = (u: User) => ({
  id: u.id,
  username: u.username,
  role: u.role,
  email: u.email,
  notifyOnErrors: u.notifyOnErrors,
  createdAt: new Date(u.createdAt).toISOString(),
  permissions: (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(u.role, p)),
  // The roles this user may grant and manage (ceiling.ts), so the viewer offers only those.
  grantableRoles: ROLES.filter((r) => covers(u.role, r)),
});
