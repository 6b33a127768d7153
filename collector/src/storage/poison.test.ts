import type { ClickHouseClient } from '@clickhouse/client';
import { CALL_LOG_TABLE, toCallLogRow } from '@loupe/schemas';
import { sampleBatch, sampleCallLog } from '@loupe/schemas/fixtures';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rowId } from '../ids/row-id.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recorderClient } from '../testing/recorder-client.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { QUARANTINE_AFTER, type SpoolItem } from './durable-writes.ts';
import { Spool } from './spool.ts';

const t0 = Date.now() - 60_000;
const POISON = 'poison \ud800 here';

/** What an older collector (before the edge refused lone surrogates) could have left in its spool. */
async function plantSpool(dir: string): Promise<{ goodIds: string[]; poisonId: string }> {
  const spool = new Spool<SpoolItem>(dir, 64 * 1024 * 1024);
  await spool.open();
  const row = (bot: string, response = 'ok') =>
    toCallLogRow('tenant-a', sampleCallLog(t0, { bot, response }), { id: rowId(), keyId: 'k', receivedAt: t0 });
  const goodIds: string[] = [];
  const good = () => {
    const rows = [row('spooled-bot'), row('spooled-bot')];
    goodIds.push(...rows.map((r) => r.id));
    return rows;
  };
  const poison = row('spooled-bot', POISON);
  await spool.append({ kind: 'rows', table: CALL_LOG_TABLE, rows: good() });
  await spool.append({ kind: 'rows', table: CALL_LOG_TABLE, rows: [poison] });
  for (let i = 0; i < 5; i++) await spool.append({ kind: 'rows', table: CALL_LOG_TABLE, rows: good() });
  // A recorder batch whose replay holds the surrogate, and good batches of the same session after it.
  const bad = sampleBatch('spooled-sess-1', 0, t0);
  bad.replay.push({ type: 5, timestamp: t0, data: { tag: 'x', payload: POISON } });
  // Spooled items are stored as JSON, which escapes the surrogate; the replay chunk's payload does too,
  // so a poison batch needs it in a column stored as text: the co-browse event's input value.
  bad.events.push({ type: 'INPUT', ts: t0, data: { target: 'q', value: POISON } });
  await spool.append({ kind: 'recorder', tenantId: 'tenant-a', batch: bad });
  for (let seq = 1; seq <= 3; seq++)
    await spool.append({ kind: 'recorder', tenantId: 'tenant-a', batch: sampleBatch('spooled-sess-1', seq, t0 + seq) });
  await spool.close();
  return { goodIds, poisonId: poison.id };
}

let srv: TestServer;
let planted: { goodIds: string[]; poisonId: string };
let spoolDir: string;
let failInserts = false;

/** Storage that answers pings and queries but fails every insert, as a full server disk would. */
function insertsCanFail(real: ClickHouseClient): ClickHouseClient {
  return new Proxy(real, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop !== 'insert' || typeof value !== 'function') return value;
      return (...args: unknown[]) =>
        failInserts
          ? Promise.reject(new Error('connect ECONNRESET'))
          : (value as (...a: unknown[]) => unknown).apply(target, args);
    },
  });
}

beforeAll(async () => {
  spoolDir = join(mkdtempSync(join(tmpdir(), 'loupe-poison-')), 'spool');
  planted = await plantSpool(spoolDir);
  srv = await startTestServer({ LOUPE_SPOOL_DIR: spoolDir }, undefined, {}, Date.now, insertsCanFail);
});
afterAll(() => srv.close());

const count = async (sql: string) =>
  Number(
    ((await (await srv.services.client.query({ query: sql, format: 'JSONEachRow' })).json()) as { n: number }[])[0]!.n,
  );
const post = (path: string, key: string, body: unknown, auth: 'site' | 'api' = 'api') =>
  fetch(`${srv.url}${path}`, {
    method: 'POST',
    headers: {
      ...(auth === 'site' ? { 'X-Loupe-Key': key } : { Authorization: `Bearer ${key}` }),
      'Content-Type': 'application/json',
    },
    body: JSON.stringify(body),
  });

describe('poison input', () => {
  it('quarantines a planted poison record of the spool and stores every other spooled record', async () => {
    expect(srv.services.spool.pending).toHaveLength(11);
    expect(await (await fetch(`${srv.url}/healthz`)).json()).toMatchObject({ status: 'degraded', writes: 'failing' });
    for (let pass = 0; pass < QUARANTINE_AFTER; pass++) await srv.services.durable.drain();
    expect(srv.services.spool.pending).toHaveLength(0);
    expect(
      await count(
        `SELECT count() AS n FROM call_logs WHERE toString(id) IN (${planted.goodIds.map((i) => `'${i}'`).join(',')})`,
      ),
    ).toBe(12);
    expect(await count(`SELECT count() AS n FROM call_logs WHERE toString(id) = '${planted.poisonId}'`)).toBe(0);
    expect(await count("SELECT count() AS n FROM ingest_batches WHERE session_id = 'spooled-sess-1'")).toBe(3);

    // Both poison records are on disk for the operator, counted in /healthz and /metrics.
    const files = readdirSync(join(spoolDir, 'quarantine'));
    expect(files).toHaveLength(2);
    expect(files.map((f) => readFileSync(join(spoolDir, 'quarantine', f), 'utf8')).join()).toContain(planted.poisonId);
    const health = await fetch(`${srv.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', clickhouse: 'up', quarantined: 2 });
    expect(await (await fetch(`${srv.url}/metrics`)).text()).toMatch(/^loupe_spool_quarantined_records 2$/m);
  });

  it("refuses a lone surrogate at the edge with 400 naming the field, and stores the next tenant's writes", async () => {
    const b = await srv.addTenant('tenant-b');
    const batch = sampleBatch('poison-sess-1', 0, t0);
    batch.replay.push({ type: 5, timestamp: t0, data: { tag: 'x', payload: { deep: ['\ud800'] } } });
    const r = await post('/v1/ingest', srv.siteKey, batch, 'site');
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({
      error: { code: 'INVALID_FIELD', path: `replay[${batch.replay.length - 1}].data.payload.deep[0]` },
    });
    const log = await post('/v1/call-logs', srv.adminKey, [
      sampleCallLog(t0),
      sampleCallLog(t0, { response: '\ud800' }),
    ]);
    expect(log.status).toBe(400);
    expect(await log.json()).toMatchObject({ error: { path: '[1].response' } });

    const victim = recorderClient(srv.url, b.siteKey);
    for (let seq = 0; seq < 5; seq++)
      expect((await victim(sampleBatch('victim-sess-1', seq, t0 + seq))).status).toBe(202);
    expect((await post('/v1/call-logs', b.adminKey, sampleCallLog(t0, { bot: 'victim-bot' }))).status).toBe(202);
    expect(
      await count(
        "SELECT count() AS n FROM ingest_batches WHERE tenant_id = 'tenant-b' AND session_id = 'victim-sess-1'",
      ),
    ).toBe(5);
    expect(await count("SELECT count() AS n FROM call_logs WHERE tenant_id = 'tenant-b' AND bot = 'victim-bot'")).toBe(
      1,
    );
  });

  it('fails only the caller whose rows storage refuses when their rows shared one insert with others', async () => {
    // Rows that get past the edge (a refusal the schemas do not foresee) sent in the same tick as
    // another tenant's share one insert: only the bad caller fails, and nothing goes to the spool.
    const row = (tenant: string, response: string) =>
      toCallLogRow(tenant, sampleCallLog(t0, { bot: 'shared', response }), {
        id: rowId(),
        keyId: 'k',
        receivedAt: t0,
      });
    const [poison, ...others] = await Promise.allSettled([
      srv.services.durable.rows(CALL_LOG_TABLE, [row('tenant-a', POISON)]),
      ...Array.from({ length: 5 }, () => srv.services.durable.rows(CALL_LOG_TABLE, [row('tenant-c', 'fine')])),
    ]);
    expect(poison).toMatchObject({ status: 'rejected', reason: { code: 'ROWS_REFUSED' } });
    expect(others.map((o) => o.status === 'fulfilled' && o.value)).toEqual(Array(5).fill('stored'));
    expect(await count("SELECT count() AS n FROM call_logs WHERE tenant_id = 'tenant-c' AND bot = 'shared'")).toBe(5);
    expect(srv.services.durable.degraded).toBe(false);
  });

  it('says degraded, still ready, on /healthz while storage answers but fails every insert', async () => {
    failInserts = true;
    const r = await post('/v1/call-logs', srv.adminKey, sampleCallLog(t0, { bot: 'during-failure' }));
    expect(r.status).toBe(202);
    expect(await r.json()).toMatchObject({ spooled: true });
    const health = await fetch(`${srv.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'degraded', clickhouse: 'up', writes: 'failing', spooled: 1 });
    await srv.services.durable.drain();
    expect(srv.services.spool.pending).toHaveLength(1);
    failInserts = false;
    await srv.services.durable.drain();
    expect(await count("SELECT count() AS n FROM call_logs WHERE bot = 'during-failure'")).toBe(1);
    expect(await (await fetch(`${srv.url}/healthz`)).json()).toMatchObject({ status: 'ok', clickhouse: 'up' });
  });
});
