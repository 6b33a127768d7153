import type { ClickHouseClient } from '@clickhouse/client';
import { BATCH_TABLE, REPLAY_TABLE, toBatchRow, type RecorderBatch } from '@loupe/schemas';
import { sampleBatch } from '@loupe/schemas/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStorage } from '../testing/test-storage.ts';
import { BatchWriter } from './batch-writer.ts';
import { RecorderSink } from './recorder-sink.ts';

let client: ClickHouseClient;
let close: () => Promise<void>;
let writer: BatchWriter;
const t0 = Date.now() - 60 * 60_000;

beforeAll(async () => {
  ({ client, close } = await openTestStorage());
  writer = new BatchWriter(client, { maxRows: 1000, flushIntervalMs: 20 });
});
afterAll(async () => {
  await writer.close();
  await close();
});

async function stored(sessionId: string): Promise<{ receipts: number; events: number; chunks: number }> {
  const n = async (table: string) => {
    const r = await client.query({
      query: `SELECT count() AS n FROM ${table} WHERE session_id = {s:String}`,
      query_params: { s: sessionId },
      format: 'JSONEachRow',
    });
    return Number(((await r.json()) as { n: number }[])[0]!.n);
  };
  return { receipts: await n('ingest_batches'), events: await n('cobrowse_events'), chunks: await n('replay_chunks') };
}

describe('recorder flushes under retries', () => {
  it('answers a batch whose rows cannot be built with an error, and stores the batches of its round', async () => {
    const sink = new RecorderSink(client, writer);
    const good = Array.from({ length: 5 }, (_, i) => sampleBatch(`sess-round-good-${i}`, 0, t0));
    // Past validation no batch looks like this; if one ever did, it must not take its round down with it.
    const broken = { ...sampleBatch('sess-round-broken', 0, t0), events: null } as unknown as RecorderBatch;
    const outcomes = await Promise.allSettled([...good, broken].map((b) => sink.store('tenant-a', b)));
    expect(outcomes.slice(0, 5).map((o) => o.status === 'fulfilled' && o.value)).toEqual(Array(5).fill('stored'));
    expect(outcomes[5]!.status).toBe('rejected');
    for (const b of good) expect((await stored(b.sessionId)).receipts).toBe(1);
    expect(await stored('sess-round-broken')).toEqual({ receipts: 0, events: 0, chunks: 0 });
  });

  it('stores a batch retried many times at once, and again after a restart, exactly once', async () => {
    const batch = sampleBatch('sess-retry-storm', 2, t0);
    const others = Array.from({ length: 20 }, (_, i) => sampleBatch(`sess-retry-other-${i}`, 0, t0));
    const sink = new RecorderSink(client, writer);
    // The copies land in one flush beside other sessions' batches, and in the next ones.
    const first = await Promise.all([
      ...Array.from({ length: 8 }, () => sink.store('tenant-a', batch)),
      ...others.map((b) => sink.store('tenant-a', b)),
    ]);
    const later = await Promise.all(Array.from({ length: 4 }, () => sink.store('tenant-a', { ...batch })));
    expect(first.slice(0, 8).filter((o) => o === 'stored')).toHaveLength(1);
    expect(first.slice(8).every((o) => o === 'stored')).toBe(true);
    expect(later.every((o) => o === 'duplicate')).toBe(true);

    // Two restarted collectors' sinks (no memory of the first) race to store it again.
    const a = new RecorderSink(client, writer);
    const b = new RecorderSink(client, writer);
    const restarted = await Promise.all([
      a.store('tenant-a', batch),
      b.store('tenant-a', batch),
      a.store('tenant-a', batch),
    ]);
    expect(restarted.every((o) => o === 'duplicate')).toBe(true);
    expect(await stored('sess-retry-storm')).toEqual({ receipts: 1, events: batch.events.length, chunks: 1 });
    for (const o of others.slice(0, 3)) expect((await stored(o.sessionId)).receipts).toBe(1);
  });

  it('completes a batch whose receipt was stored but whose rows were not, without a second receipt', async () => {
    const batch = sampleBatch('sess-receipt-only', 0, t0);
    await writer.write(BATCH_TABLE, [toBatchRow('tenant-a', batch, Date.now())]);
    expect(await new RecorderSink(client, writer).store('tenant-a', batch)).toBe('stored');
    expect(await stored('sess-receipt-only')).toEqual({ receipts: 1, events: batch.events.length, chunks: 1 });
    expect(await new RecorderSink(client, writer).store('tenant-a', batch)).toBe('duplicate');
  });

  it('gathers the batches that arrive while a stage works into the next statement of that stage', async () => {
    const inserts: number[] = [];
    const gathering = new BatchWriter(client, {
      maxRows: 100_000,
      flushIntervalMs: 0,
      onFlush: ({ table, rows }) => table === REPLAY_TABLE && inserts.push(rows),
    });
    const sink = new RecorderSink(client, gathering);
    // One batch a tick, as requests arrive: each waits only for the stage in front of it.
    const batches = Array.from({ length: 24 }, (_, i) => sampleBatch(`sess-gather-${i}`, 0, t0));
    const outcomes: Promise<string>[] = [];
    for (const b of batches) {
      outcomes.push(sink.store('tenant-a', b));
      await new Promise((r) => setImmediate(r));
    }
    expect(await Promise.all(outcomes)).toEqual(batches.map(() => 'stored'));
    expect(inserts.reduce((a, n) => a + n, 0)).toBe(24);
    expect(inserts.length).toBeLessThan(8);
    for (const b of batches.slice(0, 3)) expect(await stored(b.sessionId)).toMatchObject({ receipts: 1, chunks: 1 });
    await gathering.close();
  });
});
