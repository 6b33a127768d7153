import type { ClickHouseClient } from '@clickhouse/client';
import { sampleBatch } from '@loupe/schemas/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recorderClient } from '../testing/recorder-client.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

const LIMIT = 8;
let srv: TestServer;

/** Storage that takes 150 ms per insert: a slow disk, so that writes pile up behind it. */
function slowInserts(real: ClickHouseClient): ClickHouseClient {
  return new Proxy(real, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop !== 'insert' || typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        await new Promise((r) => setTimeout(r, 150));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

beforeAll(async () => {
  srv = await startTestServer({ LOUPE_MAX_PENDING_WRITES: LIMIT }, undefined, {}, Date.now, slowInserts);
});
afterAll(() => srv.close());

const t0 = Date.now() - 60_000;
const receipts = async (prefix: string) =>
  Number(
    (
      (await (
        await srv.services.client.query({
          query: `SELECT count() AS n FROM ingest_batches WHERE startsWith(session_id, {p:String})`,
          query_params: { p: prefix },
          format: 'JSONEachRow',
        })
      ).json()) as { n: number }[]
    )[0]!.n,
  );

describe('overload', () => {
  it('sheds a flood with 503 and Retry-After, holds no more than its limit, and loses no acknowledged batch', async () => {
    const send = recorderClient(srv.url, srv.siteKey);
    const batches = Array.from({ length: 80 }, (_, i) => sampleBatch(`overload-flood-${i}`, 0, t0));
    const answers = await Promise.all(batches.map((b) => send(b)));
    const shed = answers.filter((r) => r.status === 503);
    const acked = answers.filter((r) => r.status === 202);
    expect(shed.length + acked.length).toBe(batches.length);
    expect(shed.length).toBeGreaterThan(0);
    expect(acked.length).toBeGreaterThanOrEqual(LIMIT);
    for (const r of shed) {
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('OVERLOADED');
    }
    expect(srv.services.writeLoad.peak).toBeLessThanOrEqual(LIMIT);
    expect(srv.services.writeLoad.pending).toBe(0);
    // Every acknowledged batch is stored, once.
    expect(await receipts('overload-flood-')).toBe(acked.length);

    // What was shed is taken when sent again at a pace the collector keeps up with.
    const again = answers.flatMap((r, i) => (r.status === 503 ? [batches[i]!] : []));
    for (let i = 0; i < again.length; i += LIMIT / 2) {
      const round = await Promise.all(again.slice(i, i + LIMIT / 2).map((b) => send(b)));
      expect(round.map((r) => r.status)).toEqual(round.map(() => 202));
    }
    expect(await receipts('overload-flood-')).toBe(batches.length);
  });
});
