import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { DEFAULT_CALL_LOG_RETENTION_DAYS } from './call-log.table.ts';
import { ROLES, role } from './roles.ts';

/** What a key may do. Site keys only ingest; API keys carry any of these. */
export const KEY_SCOPES = ['ingest', 'read', 'export', 'admin'] as const;
export const keyScope = z.enum(KEY_SCOPES);
export type KeyScope = z.infer<typeof keyScope>;
export const DEFAULT_KEY_SCOPES: KeyScope[] = ['ingest', 'read'];

export const tenantId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be 1-64 characters of A-Z, a-z, 0-9, _ or -');

/** An origin as browsers send it: scheme, host and optional port, nothing else. */
export const webOrigin = z
  .string()
  .max(LIMITS.urlLength)
  .refine((s) => URL.canParse(s) && new URL(s).origin === s, 'must be an origin such as https://shop.example');

/** Seed 000: a description, valid 1 month / 1 year / custom with an expiry date. */
export const createApiKeyRequest = z
  .strictObject({
    description: z.string().trim().min(1, 'must describe the key, e.g. the application using it').max(LIMITS.shortText),
    validFor: z.enum(['1m', '1y', 'custom']),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
    scopes: z.array(keyScope).min(1).max(KEY_SCOPES.length).optional(),
  })
  .superRefine((r, ctx) => {
    if (r.validFor === 'custom' && !r.expiresAt)
      ctx.addIssue({ code: 'custom', path: ['expiresAt'], message: 'is required when validFor is custom' });
    if (r.validFor !== 'custom' && r.expiresAt)
      ctx.addIssue({ code: 'custom', path: ['expiresAt'], message: 'is only allowed when validFor is custom' });
  });

/** Seed 000 and 001: archive after N months (0 = never), call-log retention, who gets error e-mails. */
export const tenantSettings = z.strictObject({
  archiveAfterMonths: z.number().int().min(0).max(1200),
  callLogRetentionDays: z.number().int().min(1).max(3650),
  notificationRecipients: z.array(z.email()).max(100),
  /**
   * Seed 001: error e-mails go "to the Owner's email ID by default" and "can also be enabled for
   * other portal user roles": every user of these roles with an e-mail address gets them.
   */
  notifyRoles: z.array(role).max(ROLES.length),
  siteOrigins: z.array(webOrigin).max(100),
  /**
   * Extra header, field and query-parameter names redacted from call logs before storage, beside
   * the built-in ones (Authorization, Cookie, token, password, ...); `*` matches any characters.
   */
  redactPatterns: z
    .array(
      z
        .string()
        .min(1)
        .max(100)
        .regex(/^[A-Za-z0-9_.*[\]-]+$/, 'must be a name of letters, digits, _ . - [ ] and * for any characters'),
    )
    .max(100),
});
export type TenantSettings = z.infer<typeof tenantSettings>;
export const DEFAULT_SETTINGS: TenantSettings = {
  archiveAfterMonths: 0,
  callLogRetentionDays: DEFAULT_CALL_LOG_RETENTION_DAYS,
  notificationRecipients: [],
  notifyRoles: ['Owner'],
  siteOrigins: [],
  redactPatterns: [],
};

export const createTenantRequest = z.strictObject({
  tenantId: tenantId.optional(),
  name: z.string().trim().min(1).max(LIMITS.shortText),
  siteOrigins: z.array(webOrigin).max(100).optional(),
});
