import type { ClickHouseClient } from '@clickhouse/client';
import { CALL_LOG_TABLE, toCallLogRow } from '@loupe/schemas';
import { sampleCallLog } from '@loupe/schemas/fixtures';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStorage } from '../testing/test-storage.ts';
import { BatchWriter } from './batch-writer.ts';

let client: ClickHouseClient;
let close: () => Promise<void>;
const t0 = Date.now() - 60 * 60_000;

beforeAll(async () => {
  ({ client, close } = await openTestStorage());
});
afterAll(() => close());

const rowsOf = (bot: string, n: number) =>
  Array.from({ length: n }, (_, i) =>
    toCallLogRow('tenant-g', sampleCallLog(t0 + i, { bot }), { id: randomUUID(), keyId: 'k', receivedAt: t0 }),
  );

async function count(bot: string): Promise<number> {
  const r = await client.query({
    query: `SELECT count() AS n FROM ${CALL_LOG_TABLE} WHERE bot = {b:String}`,
    query_params: { b: bot },
    format: 'JSONEachRow',
  });
  return Number(((await r.json()) as { n: number }[])[0]!.n);
}

describe('group commit (flushIntervalMs 0)', () => {
  it('inserts at once when idle, gathers the writes that arrive during an insert into the next one', async () => {
    const inserts: number[] = [];
    const writer = new BatchWriter(client, {
      maxRows: 100_000,
      flushIntervalMs: 0,
      onFlush: ({ table, rows }) => table === CALL_LOG_TABLE && inserts.push(rows),
    });
    const first = writer.write(CALL_LOG_TABLE, rowsOf('gc-bot', 3));
    // Written one tick apart while the first insert is under way: they wait for it, then go together.
    const later: Promise<void>[] = [];
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setImmediate(r));
      later.push(writer.write(CALL_LOG_TABLE, rowsOf('gc-bot', 2)));
    }
    await Promise.all([first, ...later]);
    expect(inserts).toEqual([3, 10]);
    expect(await count('gc-bot')).toBe(13);
    await writer.close();
  });

  it('still isolates a refused row: the good callers gathered with it are stored', async () => {
    const writer = new BatchWriter(client, { maxRows: 100_000, flushIntervalMs: 0 });
    const good = rowsOf('gc-poison', 2);
    const bad = [{ ...rowsOf('gc-poison', 1)[0]!, status_code: 'not a number' }];
    const first = writer.write(CALL_LOG_TABLE, rowsOf('gc-poison', 1));
    await new Promise((r) => setImmediate(r));
    const results = await Promise.allSettled([
      first,
      writer.write(CALL_LOG_TABLE, good),
      writer.write(CALL_LOG_TABLE, bad),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect(await count('gc-poison')).toBe(3);
    await writer.close();
  });
});
