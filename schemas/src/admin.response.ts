import { z } from 'zod';
import { PERMISSIONS, role, type Permission } from './access.ts';
import { keyScope } from './control.ts';
import { isoTime, page } from './page.response.ts';

/** An API or site key as listed: its prefix only, never the secret. */
export const apiKeyItem = z.object({
  id: z.string(),
  prefix: z.string(),
  description: z.string(),
  kind: z.enum(['api', 'site']),
  scopes: z.array(keyScope),
  createdAt: isoTime,
  expiresAt: isoTime.nullable(),
  lastUsedAt: isoTime.nullable(),
  /** Whose key it is; it acts with this role at most (userId null: made at set-up or by the operator). */
  createdBy: z.object({ userId: z.string().nullable(), username: z.string().nullable(), role }),
});
export type ApiKeyItem = z.infer<typeof apiKeyItem>;

/** POST /v1/api-keys: the secret itself, returned this once. */
export const createdApiKey = apiKeyItem.extend({ key: z.string() });
export type CreatedApiKey = z.infer<typeof createdApiKey>;

/** GET /v1/api-keys: the keys, and every scope a new key may be given. */
export const apiKeyPage = page(apiKeyItem).extend({ scopes: z.array(keyScope) });

const permission = z.enum(Object.keys(PERMISSIONS) as [Permission, ...Permission[]]);

/** A user as the viewer sees itself: what it may open decides which pages it shows. */
export const signedInUser = z.object({
  id: z.string(),
  username: z.string(),
  role,
  email: z.string().nullable(),
  notifyOnErrors: z.boolean(),
  createdAt: isoTime,
  permissions: z.array(permission),
  /** Roles this user may grant and manage: none above their own. */
  grantableRoles: z.array(role),
});
export type SignedInUser = z.infer<typeof signedInUser>;

export const userPage = page(signedInUser);
/** POST /v1/auth/login. */
export const signedIn = z.object({ user: signedInUser, expiresAt: isoTime });
/** GET /v1/auth/me. */
export const whoAmI = z.object({ user: signedInUser });

/** POST /v1/tenants: the new tenant's keys, shown this once. */
export const createdTenant = z.object({
  tenantId: z.string(),
  adminKey: z.string().optional(),
  siteKey: z.string().optional(),
});
