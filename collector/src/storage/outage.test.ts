import { sampleBatch, sampleCallLog } from '@loupe/schemas/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flakyClient, type FlakyClient } from '../testing/flaky-client.ts';
import { recorderClient } from '../testing/recorder-client.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let srv: TestServer;
let flaky!: FlakyClient;
const t0 = Date.now() - 60_000;

beforeAll(async () => {
  srv = await startTestServer({ LOUPE_SPOOL_MAX_BYTES: 256 * 1024 }, undefined, {}, Date.now, (c) => {
    flaky = flakyClient(c);
    return flaky.client;
  });
});
afterAll(() => srv.close());

let send: ReturnType<typeof recorderClient> | undefined;
const ingest = (batch: Parameters<ReturnType<typeof recorderClient>>[0]) => {
  send ??= recorderClient(srv.url, srv.siteKey);
  return send(batch);
};
const postLogs = (logs: unknown) =>
  fetch(`${srv.url}/v1/call-logs`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${srv.adminKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(logs),
  });
const count = async (sql: string) =>
  Number(
    ((await (await srv.services.client.query({ query: sql, format: 'JSONEachRow' })).json()) as { n: number }[])[0]!.n,
  );

describe('when storage stops answering', () => {
  it('keeps acknowledging into the spool and stores everything exactly once when storage is back', async () => {
    // Keys and settings are seen once while storage is up, as they would be in a running collector.
    expect((await ingest(sampleBatch('outage-warm-1', 0, t0))).status).toBe(202);
    expect((await postLogs(sampleCallLog(t0, { bot: 'warm' }))).status).toBe(202);

    flaky.down = true;
    const acked: string[] = [];
    for (let seq = 0; seq < 5; seq++) {
      const r = await ingest(sampleBatch('outage-sess-1', seq, t0 + seq));
      expect(r.status).toBe(202);
      expect(await r.json()).toMatchObject({ spooled: true });
    }
    // The recorder retries one batch during the outage: it must still be stored once.
    expect((await ingest(sampleBatch('outage-sess-1', 2, t0 + 2))).status).toBe(202);
    for (let i = 0; i < 3; i++) {
      const r = await postLogs([
        sampleCallLog(t0, { bot: 'outage-bot' }),
        sampleCallLog(t0 + 1, { bot: 'outage-bot' }),
      ]);
      expect(r.status).toBe(202);
      acked.push(...((await r.json()) as { ids: string[] }).ids);
    }
    expect(srv.services.spool.pending.length).toBe(9);

    flaky.down = false;
    expect(await srv.services.durable.drain()).toBe(9);
    expect(srv.services.spool.pending).toHaveLength(0);
    expect(await count("SELECT count() AS n FROM ingest_batches WHERE session_id = 'outage-sess-1'")).toBe(5);
    expect(await count("SELECT count() AS n FROM cobrowse_events WHERE session_id = 'outage-sess-1'")).toBe(5 * 12);
    expect(await count("SELECT count() AS n FROM call_logs WHERE bot = 'outage-bot'")).toBe(6);
    expect(
      await count(
        `SELECT count(DISTINCT id) AS n FROM call_logs WHERE toString(id) IN (${acked.map((a) => `'${a}'`).join(',')})`,
      ),
    ).toBe(6);

    // A drain that runs twice (a crash before it recorded progress) stores nothing twice.
    expect(await srv.services.durable.drain()).toBe(0);
    expect((await ingest(sampleBatch('outage-sess-1', 5, t0 + 5))).status).toBe(202);
    expect(await count("SELECT count() AS n FROM ingest_batches WHERE session_id = 'outage-sess-1'")).toBe(6);
  });

  it('answers 503 with Retry-After once the spool is full, keeping what it took', async () => {
    flaky.down = true;
    const statuses: number[] = [];
    const padded = (i: number) => {
      const b = sampleBatch('outage-full-1', i, t0 + i);
      b.replay.push({ type: 5, timestamp: t0 + i, data: { tag: 'pad', payload: 'x'.repeat(20_000) } });
      return b;
    };
    for (let i = 0; i < 40; i++) {
      const r = await ingest(padded(i));
      statuses.push(r.status);
      if (r.status === 503) {
        expect(r.headers.get('retry-after')).toBe('5');
        expect(((await r.json()) as { error: { code: string } }).error.code).toBe('SPOOL_FULL');
        break;
      }
    }
    expect(statuses.at(-1)).toBe(503);
    const took = statuses.filter((s) => s === 202).length;
    expect(took).toBeGreaterThan(5);
    // Now, and only now, a load balancer should stop sending: neither storage nor the spool takes writes.
    const full = await fetch(`${srv.url}/readyz`);
    expect(full.status).toBe(503);
    expect(await full.json()).toMatchObject({ status: 'unavailable', clickhouse: 'down', spool: 'full' });
    expect((await fetch(`${srv.url}/livez`)).status).toBe(200);
    flaky.down = false;
    await srv.services.durable.drain();
    expect(await count("SELECT count() AS n FROM ingest_batches WHERE session_id = 'outage-full-1'")).toBe(took);
  });

  it('stays ready while storage is down and the spool takes the writes, and says it is degraded', async () => {
    flaky.down = true;
    for (const path of ['/readyz', '/healthz']) {
      const r = await fetch(`${srv.url}${path}`);
      expect(r.status, path).toBe(200);
      expect(await r.json()).toMatchObject({ status: 'degraded', clickhouse: 'down' });
    }
    // Ready was not a lie: a write sent now is acknowledged (into the spool) and stored once storage is back.
    expect((await postLogs(sampleCallLog(t0, { bot: 'while-ready' }))).status).toBe(202);
    expect(await (await fetch(`${srv.url}/readyz`)).json()).toMatchObject({ status: 'degraded', spooled: 1 });
    expect(await (await fetch(`${srv.url}/livez`)).json()).toEqual({ status: 'ok' });
    flaky.down = false;
    await srv.services.durable.drain();
    expect(await count("SELECT count() AS n FROM call_logs WHERE bot = 'while-ready'")).toBe(1);
    expect(await (await fetch(`${srv.url}/readyz`)).json()).toEqual({ status: 'ok', clickhouse: 'up' });
  });
});
