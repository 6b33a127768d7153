import type { ClickHouseClient } from '@clickhouse/client';
import { CHANGE_AUDIT_TABLE } from '@loupe/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectRows } from '../storage/queries/select.ts';
import { openTestStorage } from '../testing/test-storage.ts';
import { changeAuditSpec, listChangeAudits } from './record-queries.ts';
import { exportItems, exportQuery } from './export-rows.ts';

let client: ClickHouseClient;
let close: () => Promise<void>;
const DAY = 86_400_000;
const START = Date.UTC(2026, 7, 1);
const ROWS = 240_000;
// A calendar month in the middle of four: what "export October" asks for.
const range = { tenantId: 'tenant-x', from: Date.UTC(2026, 9, 1), to: Date.UTC(2026, 10, 1) - 1 };

beforeAll(async () => {
  ({ client, close } = await openTestStorage());
  const at = `fromUnixTimestamp64Milli(toInt64(${START} + intDiv(number * ${122 * DAY}, ${ROWS})), 'UTC')`;
  for (const tenant of ['tenant-x', 'tenant-y'])
    await client.command({
      query: `INSERT INTO ${CHANGE_AUDIT_TABLE}
        (tenant_id, action_date, id, facility, username, field, before, after, action, origin, key_id, received_at)
        SELECT '${tenant}', ${at}, generateUUIDv4(number), if(number % 2 = 0, 'Channels', 'Data permissions'),
          concat('admin-', toString(number % 40)), 'Name', '', concat('value ', toString(number)),
          'Update', 'KPICHAT', 'k', ${at} FROM numbers(${ROWS})`,
    });
});
afterAll(() => close());

const inRange = async () =>
  Number(
    (
      (await (
        await client.query({
          query: `SELECT count() AS n FROM ${CHANGE_AUDIT_TABLE} WHERE tenant_id = 'tenant-x'
            AND action_date BETWEEN fromUnixTimestamp64Milli(${range.from}, 'UTC') AND fromUnixTimestamp64Milli(${range.to}, 'UTC')`,
          format: 'JSONEachRow',
        })
      ).json()) as { n: number }[]
    )[0]!.n,
  );

describe("a month's CSV export", () => {
  it("reads each row of the month once, by ClickHouse's own read_rows", async () => {
    const rows = await inRange();
    expect(rows).toBeGreaterThan(50_000);
    const spec = changeAuditSpec(range);
    const { stats } = await selectRows(client, exportQuery(range, spec), spec.row);
    expect(stats.rowsRead).toBeGreaterThanOrEqual(rows);
    expect(stats.rowsRead).toBeLessThanOrEqual(1.1 * rows);
  });

  it('streams the same rows, in the same order, as paging through them oldest first', async () => {
    const streamed: string[] = [];
    for await (const batch of exportItems(client, range, changeAuditSpec(range)))
      for (const c of batch) streamed.push(`${c.actionDate} ${c.after}`);
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listChangeAudits(client, { ...range, cursor, limit: 1000 }, true);
      for (const c of page.items) paged.push(`${c.actionDate} ${c.after}`);
      cursor = page.next ?? undefined;
    } while (cursor);
    expect(streamed.length).toBe(await inRange());
    expect(streamed).toEqual(paged);
  });
});
