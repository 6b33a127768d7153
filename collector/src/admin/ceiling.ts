import { covers, type KeyScope, type Role } from '@loupe/schemas';
import { ApiError } from '../http/api-error.ts';
import type { Caller } from '../http/caller.ts';

/**
 * The role a caller acts with. People have theirs; a key has its creator's (capped when made);
 * the operator acts as Owner of the tenant it provisions.
 */
export function roleOfCaller(caller: Caller): Role {
  if (caller.role) return caller.role;
  // Every route that reaches here authenticated someone; a caller without a role is a bug, so it gets the least.
  return caller.kind === 'operator' ? 'Owner' : 'Agent';
}

/** Refuses granting a role (to a new user, or as a role change) that the caller does not hold all of. */
export function assertMayGrantRole(caller: Caller, role: Role): void {
  const mine = roleOfCaller(caller);
  if (!covers(mine, role)) {
    const message = `the ${mine} role may not grant the ${role} role: it may do what ${mine} may not`;
    throw new ApiError(403, { code: 'ABOVE_YOUR_ROLE', message, path: 'role' });
  }
}

/**
 * Refuses managing (changing the role, password or e-mail of, or deleting) a user whose role
 * the caller does not hold all of: setting a Supervisor's password would be signing in as one.
 */
export function assertMayManage(caller: Caller, target: { role: Role }): void {
  const mine = roleOfCaller(caller);
  if (!covers(mine, target.role)) {
    throw new ApiError(403, { code: 'ABOVE_YOUR_ROLE', message: `the ${mine} role may not manage a ${target.role}` });
  }
}

/** A key may make keys only with scopes it has itself; a person with the admin permission holds them all. */
export function assertMayGrantScopes(caller: Caller, scopes: readonly KeyScope[]): void {
  if (caller.kind !== 'api') return;
  const extra = scopes.filter((sc) => !caller.scopes.includes(sc));
  if (extra.length) {
    const message = `this key may not grant scopes it lacks: ${extra.join(', ')}`;
    throw new ApiError(403, { code: 'ABOVE_YOUR_SCOPE', message, path: 'scopes' });
  }
}

/**
 * A key's new key expires no later than the key itself: otherwise a month's key could keep
 * itself alive for years. Cut short rather than refused, as `1y` asked by a year's key a moment
 * later would be; the answer's `expiresAt` says when.
 */
export function grantableExpiry(caller: Caller, expiresAt: number): number {
  if (caller.kind !== 'api' || caller.keyExpiresAt == null) return expiresAt;
  return Math.min(expiresAt, caller.keyExpiresAt);
}

/** Who a new key acts for: the person making it, or the user behind the key making it, at the caller's role. */
export function creatorOf(caller: Caller): { userId: string | null; role: Role } {
  return { userId: caller.userId ?? caller.keyCreatedBy ?? null, role: roleOfCaller(caller) };
}
