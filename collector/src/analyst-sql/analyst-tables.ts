import { AUDIT_TABLE, CALL_LOG_TABLE, CHANGE_AUDIT_TABLE, COBROWSE_TABLE, REPLAY_TABLE, SESSIONS_TABLE } from '@loupe/schemas';

/**
 * The tables an analyst's SQL may read. Each has a `tenant_id` column, which is what lets every
 * read be limited to the caller's tenant; receipts, migrations and the control tables (tenants,
 * keys, users) are left out on purpose.
 */
export const ANALYST_TABLES: readonly string[] = Object.freeze([
  COBROWSE_TABLE,
  REPLAY_TABLE,
  SESSIONS_TABLE,
  AUDIT_TABLE,
  CHANGE_AUDIT_TABLE,
  CALL_LOG_TABLE,
]);
