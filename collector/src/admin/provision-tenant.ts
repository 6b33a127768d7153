import { KEY_SCOPES } from '@loupe/schemas';
import { randomBytes } from 'node:crypto';
import type { Services } from '../services.ts';
import { SETUP_KEY_DESCRIPTION } from './key-store.ts';

export interface ProvisionedTenant {
  tenantId: string;
  /** The first Owner's password when this call made it up: shown once. */
  ownerPassword?: string;
  /** Present only for keys made by this call: a key is shown once. */
  adminKey?: string;
  siteKey?: string;
  created: boolean;
}

/**
 * Makes sure a tenant exists with an admin API key (every scope, acting as Owner) and a site key. Keys the operator
 * supplies (LOUPE_ADMIN_KEY, LOUPE_SITE_KEY) are registered if they are not yet; otherwise keys are
 * made only when the tenant is new, and returned that once.
 */
export async function provisionTenant(
  s: Pick<Services, 'tenants' | 'keys' | 'settings' | 'users'>,
  t: {
    tenantId?: string;
    name: string;
    adminKey?: string;
    siteKey?: string;
    siteOrigins?: string[];
    /** The first Owner; `email` (LOUPE_ADMIN_EMAIL) is given to it when it has none yet. */
    owner?: { username: string; password?: string; email?: string };
  },
): Promise<ProvisionedTenant> {
  const tenantId = t.tenantId ?? `t_${randomBytes(6).toString('hex')}`;
  const existing = await s.tenants.get(tenantId);
  if (!existing) await s.tenants.create(tenantId, t.name);
  const result: ProvisionedTenant = { tenantId, created: !existing };
  if (t.siteOrigins?.length)
    await s.settings.put(tenantId, { ...(await s.settings.get(tenantId)), siteOrigins: t.siteOrigins });

  const needAdmin = t.adminKey ? !(await s.keys.verify(t.adminKey)) : !existing;
  if (needAdmin) {
    const { key } = await s.keys.create(tenantId, {
      kind: 'api',
      description: SETUP_KEY_DESCRIPTION,
      scopes: [...KEY_SCOPES],
      expiresAt: null,
      secret: t.adminKey,
    });
    result.adminKey = key;
  }
  const needSite = t.siteKey ? !(await s.keys.verify(t.siteKey)) : !existing;
  if (needSite) {
    const { key } = await s.keys.create(tenantId, {
      kind: 'site',
      description: 'Site key made at set-up',
      scopes: ['ingest'],
      expiresAt: null,
      secret: t.siteKey,
    });
    result.siteKey = key;
  }
  const owner = t.owner && (await s.users.findForSignIn(tenantId, t.owner.username));
  if (t.owner && !owner) {
    const password = t.owner.password ?? randomBytes(12).toString('base64url');
    await s.users.create(tenantId, { username: t.owner.username, password, role: 'Owner', email: t.owner.email });
    if (!t.owner.password) result.ownerPassword = password;
  } else if (owner && t.owner?.email && !owner.user.email) {
    // Set on an install made before the variable was: an address someone set in the viewer is kept.
    await s.users.update(tenantId, owner.user.id, { email: t.owner.email });
  }
  return result;
}
