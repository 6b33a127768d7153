import type { ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStorage } from '../testing/test-storage.ts';

let client: ClickHouseClient;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ client, close } = await openTestStorage());
});
afterAll(() => close());

const rows = async (query: string, query_params?: Record<string, unknown>) =>
  (await client.query({ query, query_params, format: 'JSONEachRow' })).json();

describe('embedded ClickHouse after a query fails part-way', () => {
  it('hands the next callers their own results, with or without parameters, even when sent at once', async () => {
    // Fails after ~100k rows of output were produced: the output chDB would carry over.
    const failing = client
      .query({
        query: "SELECT number, repeat('x', 100) AS pad, throwIf(number = 300000) FROM numbers(1000000)",
        format: 'JSONEachRow',
      })
      .then((r) => r.json());
    const next = Promise.all([
      rows('SELECT 42 AS answer'),
      rows('SELECT {n:UInt8} AS bound', { n: 7 }),
      rows('SELECT 1 AS one'),
    ]);
    await expect(failing).rejects.toThrow(/throwIf|FUNCTION_THROW_IF_VALUE_IS_NON_ZERO/);
    expect(await next).toEqual([[{ answer: 42 }], [{ bound: 7 }], [{ one: 1 }]]);
  });
});
