import {
  ANALYST_SCHEMA,
  type AnalystTable,
  AUDIT_TABLE,
  CALL_LOG_TABLE,
  CHANGE_AUDIT_TABLE,
  COBROWSE_TABLE,
  REPLAY_TABLE,
  SESSION_NOTES_TABLE,
  SESSIONS_TABLE,
  can,
  type Permission,
  type Role,
} from '@loupe/schemas';

/**
 * The tables an analyst's SQL may read, and the permission (the family's) a person's role needs to
 * read each: the same as the family's own routes. Each has a `tenant_id` column, which is what
 * lets every read be limited to the caller's tenant; receipts, migrations and the control tables
 * (tenants, keys, users) are left out on purpose.
 */
export const TABLE_PERMISSIONS: Readonly<Record<string, Permission>> = Object.freeze({
  [COBROWSE_TABLE]: 'sessions',
  [REPLAY_TABLE]: 'sessions',
  [SESSIONS_TABLE]: 'sessions',
  [SESSION_NOTES_TABLE]: 'sessions',
  [AUDIT_TABLE]: 'audit',
  [CHANGE_AUDIT_TABLE]: 'audit',
  [CALL_LOG_TABLE]: 'callLogs',
});

export const ANALYST_TABLES: readonly string[] = Object.freeze(Object.keys(TABLE_PERMISSIONS));

/**
 * The tables open to a caller. A role is a ceiling (seed 001: call logs only for Owner, Supervisor
 * and Bot Builder, so not for an Admin); a caller without one, an API key minted before keys
 * carried their maker's role, is held to its scopes as before, and the SQL route's `admin` scope
 * opens every table.
 */
export function tablesOpenTo(role: Role | undefined): readonly string[] {
  if (role === undefined) return ANALYST_TABLES;
  return ANALYST_TABLES.filter((t) => can(role, TABLE_PERMISSIONS[t]!));
}

/** The columns analysts see of each table they may read (schemas/src/analyst-columns.ts). */
export function analystTable(name: string): AnalystTable {
  const table = ANALYST_SCHEMA.find((t) => t.name === name);
  if (!table) throw new Error(`no analyst columns declared for ${name}`);
  return table;
}
