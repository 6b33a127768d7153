import { z } from 'zod';
import { DATETIME, chBool, chInt } from './row.ts';
import { role } from './access.ts';
import { keyScope } from './control.ts';

/**
 * Control data lives in ClickHouse too, so every collector sees the same keys and settings.
 * `ReplacingMergeTree(version)` keeps the newest version of each row; reads use FINAL, and the
 * collector caches them for seconds, so the cost of FINAL on these small tables does not matter.
 */
export const TENANTS_TABLE = 'tenants';
export const KEYS_TABLE = 'api_keys';
export const SETTINGS_TABLE = 'tenant_settings';
/**
 * Last use of each key, apart from the key rows: writing it as a new key version could race a
 * revocation and bring a deleted key back. The newest time wins on merge.
 */
export const KEY_USAGE_TABLE = 'api_key_usage';

export const controlDdl = [
  `CREATE TABLE IF NOT EXISTS ${TENANTS_TABLE} (
    tenant_id String,
    name String,
    created_at ${DATETIME},
    version UInt64
  ) ENGINE = ReplacingMergeTree(version)
  ORDER BY tenant_id`,
  `CREATE TABLE IF NOT EXISTS ${KEYS_TABLE} (
    id String,
    tenant_id String,
    kind LowCardinality(String),
    key_hash String,
    prefix String,
    description String,
    scopes Array(LowCardinality(String)),
    allowed_origins Array(String),
    created_at ${DATETIME},
    expires_at Nullable(${DATETIME}),
    revoked_at Nullable(${DATETIME}),
    version UInt64
  ) ENGINE = ReplacingMergeTree(version)
  ORDER BY id`,
  `CREATE TABLE IF NOT EXISTS ${KEY_USAGE_TABLE} (
    id String,
    last_used_at ${DATETIME}
  ) ENGINE = ReplacingMergeTree(last_used_at)
  ORDER BY id`,
  `CREATE TABLE IF NOT EXISTS ${SETTINGS_TABLE} (
    tenant_id String,
    archive_after_months UInt16,
    call_log_retention_days UInt16,
    notification_recipients Array(String),
    site_origins Array(String),
    updated_at ${DATETIME},
    version UInt64
  ) ENGINE = ReplacingMergeTree(version)
  ORDER BY tenant_id`,
] as const;

/**
 * Who made a key, and the role it made it with: the key's ceiling. Keys made before this
 * migration read '' here and are judged as their description shows (see the collector's key store).
 * ALTERs rather than a new table, so every key lookup stays one row.
 */
export const keyCreatorDdl = [
  `ALTER TABLE ${KEYS_TABLE} ADD COLUMN IF NOT EXISTS created_by String DEFAULT ''`,
  `ALTER TABLE ${KEYS_TABLE} ADD COLUMN IF NOT EXISTS creator_role LowCardinality(String) DEFAULT ''`,
] as const;

export const KEY_KINDS = ['site', 'api'] as const;

export interface KeyRowIn {
  id: string;
  tenant_id: string;
  kind: (typeof KEY_KINDS)[number];
  key_hash: string;
  prefix: string;
  description: string;
  scopes: string[];
  allowed_origins: string[];
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
  /** The user whose key this is; '' for keys the operator or set-up made. */
  created_by: string;
  creator_role: string;
  version: number;
}

export const keyRow = z.object({
  id: z.string(),
  tenant_id: z.string(),
  kind: z.enum(KEY_KINDS),
  key_hash: z.string(),
  prefix: z.string(),
  description: z.string(),
  scopes: z.array(keyScope),
  allowed_origins: z.array(z.string()),
  created_ms: chInt,
  expires_ms: chInt.nullable(),
  revoked_ms: chInt.nullable(),
  created_by: z.string(),
  creator_role: z.union([role, z.literal('')]),
  version: chInt,
});
export type KeyRow = z.infer<typeof keyRow>;
export const KEY_SELECT = `id, tenant_id, kind, key_hash, prefix, description, scopes, allowed_origins,
  toUnixTimestamp64Milli(created_at) AS created_ms, toUnixTimestamp64Milli(expires_at) AS expires_ms,
  toUnixTimestamp64Milli(revoked_at) AS revoked_ms, created_by, creator_role, version`;

export const settingsRow = z.object({
  archive_after_months: chInt,
  call_log_retention_days: chInt,
  notification_recipients: z.array(z.string()),
  site_origins: z.array(z.string()),
  redact_patterns: z.array(z.string()),
  notify_roles: z.array(role),
});
export const SETTINGS_SELECT =
  'archive_after_months, call_log_retention_days, notification_recipients, site_origins, redact_patterns, notify_roles';

/** Migration 7: a tenant's extra names to redact from call logs (see tenantSettings.redactPatterns). */
export const redactionDdl = [
  `ALTER TABLE ${SETTINGS_TABLE} ADD COLUMN IF NOT EXISTS redact_patterns Array(String) DEFAULT []`,
] as const;

/** Migration 11: the roles that get error e-mails (seed 001); Owners, as before, until changed. */
export const notifyRolesDdl = [
  `ALTER TABLE ${SETTINGS_TABLE} ADD COLUMN IF NOT EXISTS notify_roles Array(String) DEFAULT ['Owner']`,
] as const;

export const tenantRow = z.object({ tenant_id: z.string(), name: z.string(), created_ms: chInt });
export const TENANT_SELECT = 'tenant_id, name, toUnixTimestamp64Milli(created_at) AS created_ms';

export const USERS_TABLE = 'users';
export const WEB_SESSIONS_TABLE = 'web_sessions';

export const accessDdl = [
  `CREATE TABLE IF NOT EXISTS ${USERS_TABLE} (
    id String,
    tenant_id String,
    username String,
    password_hash String,
    role LowCardinality(String),
    email String,
    notify_on_errors Bool,
    created_at ${DATETIME},
    deleted_at Nullable(${DATETIME}),
    version UInt64
  ) ENGINE = ReplacingMergeTree(version)
  ORDER BY id`,
  `CREATE TABLE IF NOT EXISTS ${WEB_SESSIONS_TABLE} (
    token_hash String,
    user_id String,
    tenant_id String,
    expires_at ${DATETIME},
    revoked Bool,
    version UInt64
  ) ENGINE = ReplacingMergeTree(version)
  ORDER BY token_hash
  TTL toDateTime(expires_at) + INTERVAL 1 DAY`,
] as const;

export const userRow = z.object({
  id: z.string(),
  tenant_id: z.string(),
  username: z.string(),
  password_hash: z.string(),
  role,
  email: z.string(),
  notify_on_errors: chBool,
  created_ms: chInt,
  version: chInt,
});
export type UserRow = z.infer<typeof userRow>;
export const USER_SELECT =
  'id, tenant_id, username, password_hash, role, email, notify_on_errors, toUnixTimestamp64Milli(created_at) AS created_ms, version';

export const webSessionRow = z.object({
  user_id: z.string(),
  tenant_id: z.string(),
  expires_ms: chInt,
  revoked: chBool,
});
export const WEB_SESSION_SELECT = 'user_id, tenant_id, toUnixTimestamp64Milli(expires_at) AS expires_ms, revoked';
