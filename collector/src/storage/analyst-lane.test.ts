import type { ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStorage } from '../testing/test-storage.ts';
import { ANALYST_QUERY_ID_PREFIX } from './analyst-lane.ts';

let client: ClickHouseClient;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ client, close } = await openTestStorage());
});
afterAll(() => close());

const analystId = (name: string) => `${ANALYST_QUERY_ID_PREFIX}${name}-${Date.now()}`;
const rows = async (query: string, query_id?: string) =>
  (await client.query({ query, query_id, format: 'JSONEachRow' })).json();
/** About a second of work: a cross join of two 30,000-row arrays. */
const SLOW =
  'SELECT sum(cityHash64(a, b)) AS h FROM (SELECT arrayJoin(range(30000)) AS a) AS x CROSS JOIN (SELECT arrayJoin(range(30000)) AS b) AS y';

describe.skipIf(process.env.CLICKHOUSE_URL)('the analysts’ lane on embedded ClickHouse', () => {
  it('runs beside the writers: a query in the writers’ lane does not wait for an analyst’s', async () => {
    let slowDone = 0;
    const slow = rows(SLOW, analystId('slow')).then(() => (slowDone = performance.now()));
    await new Promise((r) => setTimeout(r, 200));
    const quick = await rows('SELECT 1 AS one').then(() => performance.now());
    await slow;
    expect(quick).toBeLessThan(slowDone);
  });

  it('keeps a failed analyst query’s partial output out of both lanes, even when sent at once', async () => {
    const failing = rows(
      "SELECT number, repeat('x', 100) AS pad, throwIf(number = 300000) FROM numbers(1000000)",
      analystId('fail'),
    );
    const writers = Promise.all([rows('SELECT 42 AS answer'), rows('SELECT 7 AS bound')]);
    const analysts = rows('SELECT 43 AS answer', analystId('next'));
    await expect(failing).rejects.toThrow(/throwIf|FUNCTION_THROW_IF_VALUE_IS_NON_ZERO/);
    expect(await writers).toEqual([[{ answer: 42 }], [{ bound: 7 }]]);
    expect(await analysts).toEqual([{ answer: 43 }]);
  });
});
