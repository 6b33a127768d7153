import type { KeyScope, Role } from '@loupe/schemas';

/** Who a request acts for, set by the auth middleware. */
export interface Caller {
  tenantId: string;
  kind: 'site' | 'api' | 'operator' | 'user';
  /** The key that authenticated the request; empty for a signed-in person. */
  keyId: string;
  scopes: readonly KeyScope[];
  /** A signed-in person's id and role. For an API key, `role` is its ceiling (its creator's role when made). */
  userId?: string;
  role?: Role;
  /** For an API key, the user it acts for (null: the operator's or set-up's); absent otherwise. */
  keyCreatedBy?: string | null;
  /** For an API key, when it expires (null: never); a key it makes may not outlive it. */
  keyExpiresAt?: number | null;
}

/** The id written into audit rows for whoever acted: a person, or the key an integration used. */
export const actorOf = (c: Caller) => c.userId ?? `key:${c.keyId}`;

export type AppEnv = { Variables: { caller: Caller } };
