import type { ClickHouseClient } from '@clickhouse/client';
import { MIGRATIONS, MIGRATIONS_TABLE, chInt, toClusterDdl, type ClusterOptions, type Migration } from '@loupe/schemas';
import { z } from 'zod';
import { StorageError } from './errors.ts';

const appliedRow = z.object({ version: chInt });

export const migrationsTableDdl = `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (
      version UInt32, name String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
    ) ENGINE = ReplacingMergeTree ORDER BY version`;

/**
 * Applies the migrations not yet recorded, in order, and records each once it has run whole.
 * Returns the versions it applied (empty when the schema was already current).
 */
export async function migrate(
  client: ClickHouseClient,
  migrations: readonly Migration[] = MIGRATIONS,
  cluster?: ClusterOptions,
): Promise<number[]> {
  // With a cluster, every statement becomes its ON CLUSTER form (replicated local table + distributed table).
  const ddl = (statement: string) => (cluster ? toClusterDdl(statement, cluster) : [statement]);
  for (const statement of ddl(migrationsTableDdl)) await client.command({ query: statement });
  const result = await client.query({ query: `SELECT version FROM ${MIGRATIONS_TABLE} FINAL`, format: 'JSONEachRow' });
  const done = new Set((await result.json()).map((r) => appliedRow.parse(r).version));
  const applied: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (done.has(m.version)) continue;
    for (const statement of m.statements.flatMap(ddl)) {
      try {
        await client.command({ query: statement });
      } catch (cause) {
        throw new StorageError(
          'MIGRATION_FAILED',
          `migration ${m.version} (${m.name}) failed: ${(cause as Error).message}`,
          { cause },
        );
      }
    }
    await client.insert({
      table: MIGRATIONS_TABLE,
      values: [{ version: m.version, name: m.name }],
      format: 'JSONEachRow',
    });
    applied.push(m.version);
  }
  return applied;
}
