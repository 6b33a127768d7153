import { createHash, randomBytes } from 'node:crypto';
import { sqlString } from './sql-string.ts';
import { analystTable } from './analyst-tables.ts';
import { VISIBLE, quoteName } from './tenant-scope.ts';

export interface ReadonlyUserSpec {
  tenantId: string;
  database: string;
  /** The analyst tables the creator's role may read: the user gets these (but see directTables) and no others. */
  tables: readonly string[];
  password: string;
  /** Hex, mixed into the stored hash: the server is sent a salted SHA-256, never the password. */
  salt: string;
  cluster?: string;
}

/**
 * The tables a direct user may read: not those analysts read with FINAL (session notes), since a
 * row policy cannot make a read FINAL, and a deleted note's earlier version would show until a
 * merge. Analysts' SQL on the collector reads them, FINAL by construction (tenant-scope.ts).
 */
export const directTables = (tables: readonly string[]) => tables.filter((t) => !analystTable(t).final);

/** The user's name: one per tenant, so a second call replaces the first's password and grants. */
export const readonlyUserName = (tenantId: string) => `loupe_ro_${tenantId}`;

/** A password and salt for `readonlyUserStatements`: 32 random bytes, URL-safe. */
export function newReadonlySecret(): { password: string; salt: string } {
  return { password: randomBytes(32).toString('base64url'), salt: randomBytes(16).toString('hex') };
}

/**
 * The statements that give a tenant a ClickHouse user of its own for Grafana or DBeaver, in server
 * mode. `readonly = 2` (CONST, so it cannot be lowered) forbids writes and DDL but lets clients set
 * the query settings they send; the limits are bounded by constraints. SELECT is granted on the
 * analyst tables only, and a row policy on each shows only the tenant's rows (call logs only those
 * within retention, as the routes show them). Every name is backquoted and the tenant id travels
 * only as a string literal, so no tenant id can change a statement.
 */
export function readonlyUserStatements(spec: ReadonlyUserSpec): string[] {
  if (spec.tables.length === 0) throw new Error('no table to grant');
  const tables = directTables(spec.tables);
  const user = quoteName(readonlyUserName(spec.tenantId));
  const onCluster = spec.cluster ? ` ON CLUSTER ${quoteName(spec.cluster)}` : '';
  const hash = createHash('sha256')
    .update(spec.password + spec.salt)
    .digest('hex');
  const db = quoteName(spec.database);
  const statements = [
    `CREATE USER OR REPLACE ${user}${onCluster} IDENTIFIED WITH sha256_hash BY ${sqlString(hash)} SALT ${sqlString(spec.salt)}` +
      ` DEFAULT DATABASE ${db}` +
      // A dashboard's query gets a minute by default and ten at most, and 4 GB of memory.
      ' SETTINGS readonly = 2 CONST, allow_ddl = 0 CONST, max_execution_time = 60 MAX 600,' +
      ' max_memory_usage = 4000000000 MAX 4000000000',
  ];
  const policy = quoteName(`loupe_tenant_${spec.tenantId}`);
  for (const table of tables) {
    const target = `${db}.${quoteName(table)}`;
    statements.push(`GRANT${onCluster} SELECT ON ${target} TO ${user}`);
    const visible = VISIBLE[table] ? ` AND (${VISIBLE[table]})` : '';
    statements.push(
      `CREATE ROW POLICY OR REPLACE ${policy}${onCluster} ON ${target}` +
        ` FOR SELECT USING tenant_id = ${sqlString(spec.tenantId)}${visible} AS PERMISSIVE TO ${user}`,
    );
  }
  return statements;
}
