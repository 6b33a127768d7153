import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { tenantId } from './control.ts';

import { role, type Role } from './roles.ts';

export { ROLES, role, type Role } from './roles.ts';

/**
 * What a person may do, by role. One table for the UI and the API alike: every route names the
 * permission it needs, so a page a role cannot see is also an API call it cannot make.
 */
export const PERMISSIONS = {
  /** Session list, replay and live view: agents and up. */
  sessions: ['Owner', 'Admin', 'Supervisor', 'Agent'],
  /** Seed 001: "The roles that have access to this tab will be Owner, Supervisor and Bot Builder". */
  callLogs: ['Owner', 'Supervisor', 'Bot Builder'],
  /**
   * Seed 001's Reauthorise: reconnecting a bot's integration is bot-building work, so Owners and
   * Bot Builders do it; a Supervisor sees which integrations are broken and asks them.
   */
  reauthorize: ['Owner', 'Bot Builder'],
  /** General audit events and change audits. */
  audit: ['Owner', 'Admin', 'Supervisor'],
  /** CSV exports, API keys, settings, users and analysts' SQL. */
  admin: ['Owner', 'Admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

export function can(r: Role, p: Permission): boolean {
  return (PERMISSIONS[p] as readonly Role[]).includes(r);
}

/** Every permission of a role. */
export const permissionsOf = (r: Role): Permission[] =>
  (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(r, p));

/**
 * Whether `holder` holds everything `target` may do: the ceiling on granting and managing. An
 * Admin covers Admins and Agents but not Supervisors or Bot Builders (call logs) nor Owners, so
 * no one hands out, or signs in as, more than they hold themselves.
 */
export function covers(holder: Role, target: Role): boolean {
  return permissionsOf(target).every((p) => can(holder, p));
}

export const username = z
  .string()
  .trim()
  .min(1)
  .max(LIMITS.idLength)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the pattern exists to refuse control characters
  .regex(/^[^\s\u0000-\u001f]+$/, 'must have no spaces or control characters');
export const password = z.string().min(8, 'must be at least 8 characters').max(1024);

/** Usernames are unique per tenant; `tenant` picks it, and its absence means the deployment's default tenant. */
export const signInRequest = z.strictObject({
  username,
  password: z.string().min(1).max(1024),
  tenant: tenantId.optional(),
});
export const createUserRequest = z.strictObject({
  username,
  password,
  role,
  email: z.email().optional(),
  notifyOnErrors: z.boolean().optional(),
});
export const updateUserRequest = z.strictObject({
  role: role.optional(),
  password: password.optional(),
  email: z.email().nullable().optional(),
  notifyOnErrors: z.boolean().optional(),
});
