export { ANALYST_TABLES } from './analyst-tables.ts';
export type { AnalystSqlOptions } from './analyst-settings.ts';
export { SqlFailedError, SqlRejectedError } from './errors.ts';
export { runAnalystSql, type AnalystSqlResult } from './run-analyst-sql.ts';
