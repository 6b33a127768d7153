import { SESSION_SECRET_HEADER } from '@loupe/schemas';
import { sampleBatch } from '@loupe/schemas/fixtures';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { SessionBindings } from './session-bindings.ts';

let srv: TestServer;
let b: { siteKey: string; adminKey: string };
beforeAll(async () => {
  srv = await startTestServer();
  b = await srv.addTenant('tenant-b');
});
afterAll(() => srv.close());

const t0 = Date.now() - 60_000;
const ingest = (body: unknown, siteKey = srv.siteKey, secret?: string, query = '') =>
  fetch(`${srv.url}/v1/ingest${query}`, {
    method: 'POST',
    headers: {
      'X-Loupe-Key': siteKey,
      'Content-Type': 'application/json',
      ...(secret ? { [SESSION_SECRET_HEADER]: secret } : {}),
    },
    body: JSON.stringify(body),
  });
const eventsOf = async (sessionId: string, seq: number) =>
  Number(
    (
      (await (
        await srv.services.client.query({
          query: `SELECT count() AS n FROM cobrowse_events WHERE tenant_id = 'tenant-a' AND session_id = '${sessionId}' AND seq = ${seq} AND target = 'forged'`,
          format: 'JSONEachRow',
        })
      ).json()) as { n: number }[]
    )[0]!.n,
  );

describe('a recorder session belongs to the recorder that started it', () => {
  it('refuses a forged next seq sent with the public site key, and stores the real one', async () => {
    const first = await ingest(sampleBatch('owned-sess-1', 0, t0));
    expect(first.status).toBe(202);
    const { sessionSecret } = (await first.json()) as { sessionSecret: string };
    expect(sessionSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.headers.get('loupe-secret')).toBe(sessionSecret);

    // The attacker knows the session id and the site key, and sends seq 1 first.
    const forged = sampleBatch('owned-sess-1', 1, t0 + 1);
    forged.events = forged.events.map((e) => (e.type === 'FORM' ? { ...e, data: { target: 'forged' } } : e));
    const attack = await ingest(forged);
    expect(attack.status).toBe(403);
    expect(await attack.json()).toMatchObject({ error: { code: 'SESSION_NOT_YOURS' } });
    expect((await ingest(forged, srv.siteKey, 'guessed-secret')).status).toBe(403);
    // Another tenant's site key for the same session id is another session altogether.
    expect((await ingest(forged, b.siteKey)).status).toBe(202);

    const real = await ingest(sampleBatch('owned-sess-1', 1, t0 + 1), srv.siteKey, sessionSecret);
    expect(real.status).toBe(202);
    expect(await real.json()).toMatchObject({ duplicate: false });
    expect(await eventsOf('owned-sess-1', 1)).toBe(0);
    // sendBeacon cannot set headers: the secret in the query string is as good.
    expect(
      (await ingest(sampleBatch('owned-sess-1', 2, t0 + 2), srv.siteKey, undefined, `?ss=${sessionSecret}`)).status,
    ).toBe(202);
  });

  it('gives a retry of the first batch (its 202 lost) a secret, but not a different batch of that seq', async () => {
    const firstBatch = sampleBatch('owned-sess-2', 0, t0);
    const lost = (await (await ingest(firstBatch)).json()) as { sessionSecret: string };
    const retry = await ingest(firstBatch);
    expect(retry.status).toBe(202);
    const { sessionSecret } = (await retry.json()) as { sessionSecret: string };
    expect(sessionSecret).not.toBe(lost.sessionSecret);
    for (const s of [lost.sessionSecret, sessionSecret])
      expect((await ingest(sampleBatch('owned-sess-2', 1, t0 + 1), srv.siteKey, s)).status).toBe(202);
    expect((await ingest(sampleBatch('owned-sess-2', 0, t0 + 5))).status).toBe(403);
  });

  it('keeps the binding in ClickHouse: another collector (or a restart) refuses the forgery too', async () => {
    const first = (await (await ingest(sampleBatch('owned-sess-3', 0, t0))).json()) as { sessionSecret: string };
    const other = createApp({
      ...srv.services,
      sessionBindings: new SessionBindings(srv.services.client, pino({ level: 'silent' })),
    });
    const send = (seq: number, secret?: string) =>
      other.request('/v1/ingest', {
        method: 'POST',
        headers: {
          'X-Loupe-Key': srv.siteKey,
          'Content-Type': 'application/json',
          ...(secret ? { [SESSION_SECRET_HEADER]: secret } : {}),
        },
        body: JSON.stringify(sampleBatch('owned-sess-3', seq, t0 + seq)),
      });
    expect((await send(1)).status).toBe(403);
    expect((await send(1, first.sessionSecret)).status).toBe(202);
    const stored = await srv.services.client.query({
      query: "SELECT secret_hash FROM session_bindings WHERE session_id = 'owned-sess-3'",
      format: 'JSONEachRow',
    });
    expect(JSON.stringify(await stored.json())).not.toContain(first.sessionSecret);
  });

  it("binds many sessions read at once each to its own secret, another tenant's same id apart", async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `owned-many-${i}`);
    // The first batches arrive together, so their bindings are read (and written) in shared statements.
    const firsts = await Promise.all([
      ...ids.map((id) => ingest(sampleBatch(id, 0, t0))),
      ingest(sampleBatch('owned-many-0', 0, t0), b.siteKey),
    ]);
    expect(firsts.map((r) => r.status)).toEqual(Array(13).fill(202));
    const secrets = await Promise.all(
      firsts.map(async (r) => ((await r.json()) as { sessionSecret: string }).sessionSecret),
    );
    expect(new Set(secrets).size).toBe(13);
    const later = await Promise.all([
      ...ids.map((id, i) => ingest(sampleBatch(id, 1, t0 + 1), srv.siteKey, secrets[i])),
      // One session's secret is not another's, nor the same id's in another tenant.
      ingest(sampleBatch('owned-many-1', 2, t0 + 2), srv.siteKey, secrets[0]),
      ingest(sampleBatch('owned-many-0', 1, t0 + 1), b.siteKey, secrets[0]),
      ingest(sampleBatch('owned-many-0', 2, t0 + 2), srv.siteKey, secrets[12]),
      ingest(sampleBatch('owned-many-0', 1, t0 + 1), b.siteKey, secrets[12]),
    ]);
    expect(later.map((r) => r.status)).toEqual([...Array(12).fill(202), 403, 403, 403, 202]);
  });
});
