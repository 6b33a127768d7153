export { ANALYST_TABLES, TABLE_PERMISSIONS, tablesOpenTo } from './analyst-tables.ts';
export type { AnalystSqlOptions } from './analyst-settings.ts';
export { SqlBusyError, SqlFailedError, SqlForbiddenError, SqlRejectedError } from './errors.ts';
export { runAnalystSql, type AnalystCaller, type AnalystSqlResult } from './run-analyst-sql.ts';
export { TenantSlots } from './tenant-slots.ts';
