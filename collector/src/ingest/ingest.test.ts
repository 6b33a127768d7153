import { pack } from 'msgpackr';
import { sampleBatch } from '@loupe/schemas/fixtures';
import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let srv: TestServer;
const t0 = Date.now() - 60_000;
beforeAll(async () => {
  srv = await startTestServer({ LOUPE_MAX_BODY_BYTES: 256 * 1024 });
});
afterAll(() => srv.close());

const ingest = (body: BodyInit, headers: Record<string, string> = {}, query = '') =>
  fetch(`${srv.url}/v1/ingest${query}`, { method: 'POST', body, headers: { 'X-Loupe-Key': srv.siteKey, ...headers } });
const events = async (sessionId: string, key = srv.adminKey) =>
  (await (
    await fetch(`${srv.url}/v1/sessions/${sessionId}/events`, { headers: { Authorization: `Bearer ${key}` } })
  ).json()) as { items: unknown[] };
const error = async (r: Response) =>
  ((await r.json()) as { error: { code: string; message: string; path?: string } }).error;

describe('POST /v1/ingest', () => {
  it('stores a JSON batch and reads it back identical, times in ISO 8601', async () => {
    const batch = sampleBatch('http-json-01', 0, t0);
    const r = await ingest(JSON.stringify(batch), { 'Content-Type': 'application/json' });
    expect(r.status).toBe(202);
    const { items } = await events('http-json-01');
    expect(
      items.map((e) => {
        const { sessionId: _s, seq: _q, idx: _i, isAgent: _a, ...rest } = e as Record<string, unknown>;
        return rest;
      }),
    ).toEqual(batch.events.map((e) => ({ ...e, ts: new Date(e.ts).toISOString() })));
    const replay = (await (
      await fetch(`${srv.url}/v1/sessions/http-json-01/replay`, {
        headers: { Authorization: `Bearer ${srv.adminKey}` },
      })
    ).json()) as { items: unknown[] };
    expect(replay.items).toEqual(batch.replay);
    const one = await fetch(`${srv.url}/v1/sessions/http-json-01`, {
      headers: { Authorization: `Bearer ${srv.adminKey}` },
    });
    expect(await one.json()).toMatchObject({ sessionId: 'http-json-01', eventCount: 12, user: { id: 'cust-17' } });
    expect(
      (await fetch(`${srv.url}/v1/sessions/no-such-session`, { headers: { Authorization: `Bearer ${srv.adminKey}` } }))
        .status,
    ).toBe(404);
  });

  it("judges a JSON batch's console and network entries whole, though the rest of its replay is kept as text", async () => {
    // The JSON fast path (recorder-body.ts) shows the schema stand-ins for rrweb's data; the
    // recorder's own plugin events must still be refused past their rules, in JSON as in msgpack.
    const withEntry = (sessionId: string, url: string) => {
      const batch = sampleBatch(sessionId, 0, t0);
      const payload = { initiator: 'fetch', method: 'GET', url, status: 200, durationMs: 5 };
      batch.replay.push({ type: 6, timestamp: t0 + 500, data: { plugin: 'loupe/network@1', payload } });
      return JSON.stringify(batch);
    };
    const json = { 'Content-Type': 'application/json' };
    const bad = await ingest(withEntry('http-plugin-bad', 'https://shop.example/api?token=abc'), json);
    expect(bad.status).toBe(400);
    expect((await error(bad)).path).toBe('replay[3].data.payload.url');
    const good = await ingest(withEntry('http-plugin-ok', 'https://shop.example/api?token='), json);
    expect(good.status).toBe(202);
  });

  it('takes gzip msgpack, with the key in the query string as sendBeacon sends it', async () => {
    const batch = sampleBatch('http-msgpack-01', 0, t0);
    const r = await fetch(`${srv.url}/v1/ingest?key=${srv.siteKey}`, {
      method: 'POST',
      body: gzipSync(pack(batch)),
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(r.status).toBe(202);
    expect((await events('http-msgpack-01')).items).toHaveLength(batch.events.length);
  });

  it('stores a batch retried after a dropped connection once', async () => {
    const body = JSON.stringify(sampleBatch('http-retry-01', 7, t0));
    // The first attempt's connection is cut as soon as the body is sent: the client never sees an answer.
    await new Promise<void>((resolve) => {
      const req = httpRequest(`${srv.url}/v1/ingest`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Loupe-Key': srv.siteKey },
      });
      req.on('error', () => resolve());
      req.end(body, () =>
        setTimeout(() => {
          req.destroy();
          resolve();
        }, 5),
      );
    });
    const retry = await ingest(body, { 'Content-Type': 'application/json' });
    expect(retry.status).toBe(202);
    const again = await ingest(body, { 'Content-Type': 'application/json' });
    expect(await again.json()).toMatchObject({ duplicate: true });
    expect((await events('http-retry-01')).items).toHaveLength(12);
  });

  it('answers 400 naming the bad field, and stores the good batch sent beside it', async () => {
    const bad = sampleBatch('http-bad-01', 0, t0);
    (bad.events[3]!.data as { y: unknown }).y = 'down';
    const [r, good] = await Promise.all([
      ingest(JSON.stringify(bad), { 'Content-Type': 'application/json' }),
      ingest(JSON.stringify(sampleBatch('http-good-01', 0, t0)), { 'Content-Type': 'application/json' }),
    ]);
    expect(r.status).toBe(400);
    expect(await error(r)).toMatchObject({ code: 'INVALID_FIELD', path: 'events[3].data.y' });
    expect(good.status).toBe(202);
    expect((await events('http-bad-01')).items).toHaveLength(0);
    expect((await events('http-good-01')).items).toHaveLength(12);
  });

  it('refuses what it cannot read: 401 without or with a wrong key, 415, 400 for broken bodies', async () => {
    const body = JSON.stringify(sampleBatch('http-refuse-1', 0, t0));
    expect((await fetch(`${srv.url}/v1/ingest`, { method: 'POST', body })).status).toBe(401);
    expect(await error(await ingest(body, { 'X-Loupe-Key': 'lps_not-a-real-key' }))).toMatchObject({
      code: 'INVALID_KEY',
    });
    expect(await error(await ingest(body, { 'Content-Type': 'application/xml' }))).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
    });
    expect(await error(await ingest('{"v":1,', { 'Content-Type': 'application/json' }))).toMatchObject({
      code: 'INVALID_BODY',
    });
    expect(
      await error(await ingest(Buffer.from([0x1f, 0x8b, 1, 2, 3]), { 'Content-Type': 'application/json' })),
    ).toMatchObject({ code: 'INVALID_BODY' });
    expect(
      await error(await ingest(Buffer.from([0x82, 0xa1]), { 'Content-Type': 'application/x-msgpack' })),
    ).toMatchObject({ code: 'INVALID_BODY' });
  });

  it('answers 413 for a body over the limit and for a gzip bomb', async () => {
    const big = await ingest('x'.repeat(300 * 1024), { 'Content-Type': 'application/json' });
    expect(big.status).toBe(413);
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)); // 64 MB of spaces in ~64 KB
    const r = await ingest(bomb, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
    expect(r.status).toBe(413);
    expect((await error(r)).message).toMatch(/inflates/);
  });

  it('refuses an origin the tenant did not allow, and allows CORS only for allowed ones', async () => {
    await fetch(`${srv.url}/v1/settings`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${srv.adminKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ siteOrigins: ['https://shop.example'] }),
    });
    const body = JSON.stringify(sampleBatch('http-origin-1', 0, t0));
    const evil = await ingest(body, { 'Content-Type': 'application/json', Origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const ok = await ingest(body, { 'Content-Type': 'application/json', Origin: 'https://shop.example' });
    expect(ok.status).toBe(202);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    const exposed = ok.headers
      .get('access-control-expose-headers')
      ?.split(',')
      .map((h) => h.trim());
    expect(exposed).toEqual(['Retry-After', 'Loupe-Secret']);
    const badKey = await ingest(body, {
      'Content-Type': 'application/json',
      Origin: 'https://shop.example',
      'X-Loupe-Key': 'lps_revoked',
    });
    expect(badKey.status).toBe(401);
    expect(badKey.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    const preflight = await fetch(`${srv.url}/v1/ingest?key=${srv.siteKey}`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    await fetch(`${srv.url}/v1/settings`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${srv.adminKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ siteOrigins: [] }),
    });
  });

  it('does not let a public site key read or write platform data', async () => {
    const r = await fetch(`${srv.url}/v1/call-logs`, { headers: { Authorization: `Bearer ${srv.siteKey}` } });
    expect(r.status).toBe(401);
  });
});

describe('POST /v1/ingest: the replay is stored as received', () => {
  const readReplay = async (sessionId: string) =>
    (
      (await (
        await fetch(`${srv.url}/v1/sessions/${sessionId}/replay`, {
          headers: { Authorization: `Bearer ${srv.adminKey}` },
        })
      ).json()) as { items: unknown[] }
    ).items;

  it('replays what was sent, with a "replay" key nested in rrweb data and odd spacing', async () => {
    const batch = sampleBatch('http-raw-replay-01', 0, t0);
    const replay = batch.replay.map((e, i) => ({ ...e, data: { ...(e.data as object), replay: [i, '"]}'] } }));
    const { replay: _r, ...envelope } = batch;
    const body = `${JSON.stringify(envelope).slice(0, -1)},\n  "replay" :\n${JSON.stringify(replay, null, 3)}\n}`;
    const r = await ingest(body, { 'Content-Type': 'application/json' });
    expect(r.status).toBe(202);
    expect(await r.json()).toMatchObject({ replay: replay.length });
    expect(await readReplay('http-raw-replay-01')).toEqual(replay);
  });

  it('still judges every replay event: type, time, lone surrogates, depth; and stores nothing of a refused batch', async () => {
    const bad = (sessionId: string, change: (b: Record<string, unknown>[]) => unknown) => {
      const batch = sampleBatch(sessionId, 0, t0);
      return JSON.stringify({ ...batch, replay: change(batch.replay as unknown as Record<string, unknown>[]) });
    };
    const deep = (n: number): unknown => (n === 0 ? 1 : [deep(n - 1)]);
    const cases: [string, string, string | RegExp][] = [
      [bad('http-raw-bad-1', (r) => [{ ...r[0], type: 99 }]), 'INVALID_FIELD', 'replay[0].type'],
      [
        bad('http-raw-bad-2', (r) => [r[0], { ...r[0], timestamp: t0 - 3 * 86_400_000 }]),
        'INVALID_FIELD',
        'replay[1].timestamp',
      ],
      [bad('http-raw-bad-3', (r) => [{ ...r[0], data: { text: 'a\ud800b' } }]), 'INVALID_FIELD', 'replay[0].data.text'],
      [bad('http-raw-bad-4', (r) => [{ ...r[0], data: deep(70) }]), 'INVALID_BODY', /deeper than 64/],
      [bad('http-raw-bad-5', () => ['not an event']), 'INVALID_FIELD', 'replay[0]'],
    ];
    for (const [body, code, where] of cases) {
      const r = await ingest(body, { 'Content-Type': 'application/json' });
      expect(r.status, body.slice(0, 80)).toBe(400);
      const e = await error(r);
      expect(e.code).toBe(code);
      if (typeof where === 'string') expect(e.path).toBe(where);
      else expect(e.message).toMatch(where);
    }
    for (let i = 1; i <= cases.length; i++) expect(await readReplay(`http-raw-bad-${i}`)).toEqual([]);
  });
});
