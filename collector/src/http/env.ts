import type { KeyScope } from '@loupe/schemas';

/** Who a request acts for, set by the auth middleware. */
export interface Caller {
  tenantId: string;
  keyId: string;
  kind: 'site' | 'api' | 'operator';
  scopes: readonly KeyScope[];
}

export type AppEnv = { Variables: { caller: Caller } };
