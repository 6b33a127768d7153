import type { ClickHouseClient } from '@clickhouse/client';
import { AUDIT_TABLE, CALL_LOG_TABLE, auditChainContent, toAuditRow, toCallLogRow } from '@loupe/schemas';
import { sampleAuditEvents, sampleCallLog } from '@loupe/schemas/fixtures';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStorage } from '../testing/test-storage.ts';
import { AuditChain } from '../integrity/audit-chain.ts';
import { verifyChain } from '../integrity/verify-chain.ts';
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

describe('insert lanes', () => {
  /** The real client, counting the inserts it runs at once. */
  function watched() {
    const seen = { now: 0, most: 0 };
    const insert: ClickHouseClient['insert'] = async (p) => {
      seen.most = Math.max(seen.most, ++seen.now);
      try {
        return await client.insert(p);
      } finally {
        seen.now--;
      }
    };
    const proxy = new Proxy(client, {
      get: (t, k) => (k === 'insert' ? insert : (Reflect.get(t, k) as unknown)),
    });
    return { proxy, seen };
  }

  it('run up to `lanes` inserts into one table at once, never more, and store every row', async () => {
    const { proxy, seen } = watched();
    const writer = new BatchWriter(proxy, { maxRows: 100_000, flushIntervalMs: 0, lanes: 2 });
    const writes: Promise<void>[] = [];
    for (let i = 0; i < 12; i++) {
      writes.push(writer.write(CALL_LOG_TABLE, rowsOf('lane-bot', 50)));
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(writes);
    expect(seen.most).toBe(2);
    expect(await count('lane-bot')).toBe(600);
    await writer.close();
  });

  it('keep the audit chain verifiable: a chain per lane, and a refused caller in one lane breaks none', async () => {
    const tenant = `lane-chain-${randomUUID()}`;
    const writer = new BatchWriter(client, {
      maxRows: 100_000,
      flushIntervalMs: 0,
      lanes: 3,
      stampers: { [AUDIT_TABLE]: () => new AuditChain(auditChainContent) },
    });
    const rows = (n: number) =>
      sampleAuditEvents(t0)
        .slice(0, n)
        .map((e) => toAuditRow(tenant, e, { id: randomUUID(), keyId: 'k', receivedAt: t0 }));
    const writes: Promise<void>[] = [];
    for (let i = 0; i < 15; i++) {
      writes.push(writer.write(AUDIT_TABLE, rows(4)));
      // A row the schema would pass but the engine refuses, gathered with good callers.
      if (i === 7) writes.push(writer.write(AUDIT_TABLE, [{ ...rows(1)[0]!, ts: 'not a time' } as never]));
      await new Promise((r) => setImmediate(r));
    }
    const settled = await Promise.allSettled(writes);
    expect(settled.filter((s) => s.status === 'rejected')).toHaveLength(1);
    await writer.close();
    const report = await verifyChain(client, AUDIT_TABLE, tenant);
    expect(report).toMatchObject({ ok: true, rowsChecked: 60 });
    expect(report.chains).toBeGreaterThan(1);
    expect(report.chains).toBeLessThanOrEqual(3);
  });
});
