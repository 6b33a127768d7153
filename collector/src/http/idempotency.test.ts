import { sampleCallLog } from '@loupe/schemas/fixtures';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { Idempotency } from './idempotency.ts';

let srv: TestServer;
let b: { adminKey: string };
beforeAll(async () => {
  srv = await startTestServer();
  b = await srv.addTenant('tenant-b');
});
afterAll(() => srv.close());

const t0 = Date.now() - 60_000;
const post = (key: string, body: unknown, idem?: string, path = '/v1/call-logs') =>
  fetch(`${srv.url}${path}`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${key}`,
      'Content-Type': 'application/json',
      ...(idem ? { 'Idempotency-Key': idem } : {}),
    },
    body: JSON.stringify(body),
  });
const count = async (bot: string) =>
  Number(
    (
      (await (
        await srv.services.client.query({
          query: `SELECT count() AS n FROM call_logs WHERE bot = '${bot}'`,
          format: 'JSONEachRow',
        })
      ).json()) as { n: number }[]
    )[0]!.n,
  );

describe('Idempotency-Key on platform POSTs', () => {
  it('stores a retried POST once and answers the retry as the first', async () => {
    const body = [sampleCallLog(t0, { bot: 'idem-1' }), sampleCallLog(t0 + 1, { bot: 'idem-1' })];
    const first = await post(srv.adminKey, body, 'retry-after-lost-answer-1');
    expect(first.status).toBe(202);
    const firstBody = await first.json();
    for (let i = 0; i < 9; i++) {
      const again = await post(srv.adminKey, body, 'retry-after-lost-answer-1');
      expect(again.status).toBe(202);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(await again.json()).toEqual(firstBody);
    }
    expect(await count('idem-1')).toBe(2);
    // Without a key, a POST is a new POST each time.
    await post(srv.adminKey, body);
    expect(await count('idem-1')).toBe(4);
  });

  it('stores retries sent at the same moment once', async () => {
    const body = sampleCallLog(t0, { bot: 'idem-parallel' });
    const answers = await Promise.all(Array.from({ length: 10 }, () => post(srv.adminKey, body, 'parallel-1')));
    const bodies = await Promise.all(answers.map((a) => a.json()));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(202));
    expect(new Set(bodies.map((x) => JSON.stringify(x))).size).toBe(1);
    expect(await count('idem-parallel')).toBe(1);
  });

  it('refuses the same key with another body with 422, and keeps keys per tenant and per route', async () => {
    expect((await post(srv.adminKey, sampleCallLog(t0, { bot: 'idem-2' }), 'k-2')).status).toBe(202);
    const reused = await post(srv.adminKey, sampleCallLog(t0, { bot: 'idem-2-other' }), 'k-2');
    expect(reused.status).toBe(422);
    expect(await reused.json()).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    expect(await count('idem-2-other')).toBe(0);
    // Tenant B's key of the same name is its own.
    expect(
      (await post(b.adminKey, sampleCallLog(t0, { bot: 'idem-2' }), 'k-2')).headers.get('idempotent-replayed'),
    ).toBeNull();
    expect(await count('idem-2')).toBe(2);
    const audit = { type: 'LOGGED_IN', ts: t0, userId: 'u1', data: {} };
    expect((await post(srv.adminKey, audit, 'k-2', '/v1/audit-events')).status).toBe(202);
    const tooLong = await post(srv.adminKey, sampleCallLog(t0, { bot: 'idem-2' }), 'x'.repeat(256));
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).toMatchObject({ error: { path: 'Idempotency-Key' } });
  });

  it('is kept in ClickHouse, so another collector (or a restart) answers the retry without storing again', async () => {
    const body = sampleCallLog(t0, { bot: 'idem-3' });
    const first = await (await post(srv.adminKey, body, 'k-3')).json();
    // A second collector on the same storage: its own process memory, the same ClickHouse.
    const other = createApp({
      ...srv.services,
      idempotency: new Idempotency(srv.services.client, pino({ level: 'silent' })),
    });
    const again = await other.request('/v1/call-logs', {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${srv.adminKey}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': 'k-3',
      },
      body: JSON.stringify(body),
    });
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual(first);
    expect(await count('idem-3')).toBe(1);
  });
});
