import { z } from 'zod';
import { LIMITS } from './limits.ts';

/** The roles of the product (seed 001 names Owner, Supervisor and Bot Builder; the viewer adds Admin and Agent). */
export const ROLES = ['Owner', 'Admin', 'Supervisor', 'Bot Builder', 'Agent'] as const;
export const role = z.enum(ROLES);
export type Role = z.infer<typeof role>;

/**
 * What a person may do, by role. One table for the UI and the API alike: every route names the
 * permission it needs, so a page a role cannot see is also an API call it cannot make.
 */
export const PERMISSIONS = {
  /** Session list, replay and live view: agents and up. */
  sessions: ['Owner', 'Admin', 'Supervisor', 'Agent'],
  /** Seed 001: "The roles that have access to this tab will be Owner, Supervisor and Bot Builder". */
  callLogs: ['Owner', 'Supervisor', 'Bot Builder'],
  /** General audit events and change audits. */
  audit: ['Owner', 'Admin', 'Supervisor'],
  /** CSV exports, API keys, settings, users and analysts' SQL. */
  admin: ['Owner', 'Admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;


export function can(r: Role, p: Permission): boolean {
  return (PERMISSIONS[p] as readonly Role[]).includes(r);
}

export const username = z
  .string()
  .trim()
  .min(1)
  .max(LIMITS.idLength)
  .regex(/^[^\s\u0000-\u001f]+$/, 'must have no spaces or control characters');
export const password = z.string().min(8, 'must be at least 8 characters').max(1024);

export const signInRequest = z.strictObject({ username, password: z.string().min(1).max(1024) });
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
