import type { ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStorage } from '../testing/test-storage.ts';
import { SqlFailedError, runAnalystSql } from './index.ts';

let client: ClickHouseClient;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ client, close } = await openTestStorage());
});
afterAll(() => close());

const running = async () => {
  const r = await client.query({
    query: "SELECT count() AS n FROM system.processes WHERE startsWith(Settings['log_comment'], 'loupe-analyst-')",
    format: 'JSON',
  });
  return Number(((await r.json()) as { data: { n: number }[] }).data[0]!.n);
};

/**
 * hasAny over two 150,000-element arrays is one call inside one block, about 10^10 comparisons:
 * ClickHouse's time limit and KILL QUERY are both checked between blocks, so neither reaches it.
 */
const STUCK = 'SELECT hasAny(range(150000), arrayMap(x -> x + 1000000, range(150000))) AS h';

describe.skipIf(process.env.CLICKHOUSE_URL)('a query stuck inside one block', () => {
  it('is answered at its wall clock, and the next analyst does not wait for it', async () => {
    const t = performance.now();
    const stuck = await runAnalystSql(client, 'tenant-a', STUCK, { maxRows: 10, timeoutSeconds: 0.5 }).catch(
      (e: unknown) => e,
    );
    const answeredAfter = performance.now() - t;
    expect(stuck).toBeInstanceOf(SqlFailedError);
    expect(stuck).toMatchObject({ code: 'SQL_TIMEOUT' });
    // What the route holds the tenant's slot on until the engine is done.
    expect((stuck as SqlFailedError).running).toBeInstanceOf(Promise);
    // Twice the limit, then a second for the kill to take: well before the engine is done.
    expect(answeredAfter).toBeLessThan(5_000);
    expect(await running()).toBe(1);

    const n = performance.now();
    await expect(
      runAnalystSql(client, 'tenant-b', 'SELECT 1 AS one', { maxRows: 10, timeoutSeconds: 5 }),
    ).resolves.toMatchObject({ rows: [{ one: 1 }] });
    const nextAfter = performance.now() - n;
    // It ran on a fresh connection while the stuck statement went on in the background.
    expect(await running()).toBe(1);
    expect(nextAfter).toBeLessThan(3_000);

    await expect.poll(running, { timeout: 120_000, interval: 500 }).toBe(0);
  }, 180_000);
});
