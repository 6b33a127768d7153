import type { ClickHouseClient } from '@clickhouse/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../storage/migrate.ts';
import { openClickHouse } from '../storage/open-clickhouse.ts';

/**
 * A migrated embedded ClickHouse in a fresh temporary folder, for one test file (chDB binds one
 * folder per process and vitest forks a process per file). `CLICKHOUSE_URL` points the same tests
 * at a server instead, in a database of their own.
 */
export async function openTestStorage(): Promise<{ client: ClickHouseClient; close: () => Promise<void> }> {
  const url = process.env.CLICKHOUSE_URL;
  if (url) {
    const database = `loupe_test_${process.pid}_${Date.now()}`;
    const admin = await openClickHouse({
      kind: 'server',
      url,
      username: process.env.CLICKHOUSE_USER,
      password: process.env.CLICKHOUSE_PASSWORD,
    });
    await admin.command({ query: `CREATE DATABASE ${database}` });
    const client = await openClickHouse({
      kind: 'server',
      url,
      database,
      username: process.env.CLICKHOUSE_USER,
      password: process.env.CLICKHOUSE_PASSWORD,
    });
    await migrate(client);
    return {
      client,
      close: async () => {
        await client.close();
        await admin.command({ query: `DROP DATABASE ${database}` });
        await admin.close();
      },
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'loupe-test-'));
  const client = await openClickHouse({ kind: 'embedded', dataDir });
  await migrate(client);
  return {
    client,
    close: async () => {
      await client.close();
      // chDB may still be finishing a background write in the folder as it closes (ENOTEMPTY
      // seen in CI): Node's rm retries those errors.
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    },
  };
}
