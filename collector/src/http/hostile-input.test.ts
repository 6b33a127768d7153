import fc from 'fast-check';
import { pack } from 'msgpackr';
import { SEED_CHANGE_AUDITS, sampleAuditEvents, sampleBatch, sampleCallLog } from '@loupe/schemas/fixtures';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer({
    LOUPE_MAX_BODY_BYTES: 512 * 1024,
    LOUPE_RATE_PER_SECOND: 100_000,
    LOUPE_RATE_BURST: 100_000,
  });
});
afterAll(() => srv.close());

const now = Date.now();
const ROUTES = [
  {
    path: '/v1/ingest',
    auth: () => ({ 'X-Loupe-Key': srv.siteKey }),
    valid: () => sampleBatch(`good-${Math.random().toString(36).slice(2, 12)}`, 0, now - 1000),
  },
  {
    path: '/v1/audit-events',
    auth: () => ({ Authorization: `Bearer ${srv.adminKey}` }),
    valid: () => sampleAuditEvents(now - 1000)[6]!,
  },
  {
    path: '/v1/change-audits',
    auth: () => ({ Authorization: `Bearer ${srv.adminKey}` }),
    valid: () => SEED_CHANGE_AUDITS[0]!,
  },
  {
    path: '/v1/call-logs',
    auth: () => ({ Authorization: `Bearer ${srv.adminKey}` }),
    valid: () => sampleCallLog(now - 1000),
  },
] as const;

type Body = { bytes: Uint8Array | string; type: string; gzip: boolean };

/** Anything a hostile or broken sender might put on the wire. */
const hostileValue = fc.oneof(
  fc.jsonValue({ maxDepth: 6 }),
  fc.anything({ maxDepth: 4, withBigInt: false, withMap: false, withSet: false }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(null, 0, -1, 1e308, Number.MAX_SAFE_INTEGER + 2, '', '\u0000', '\ud800', [], {}),
);

/** A valid record with one field, at any depth, replaced by something hostile. */
function mutated(valid: unknown): fc.Arbitrary<unknown> {
  const paths: (string | number)[][] = [];
  const walk = (v: unknown, p: (string | number)[]) => {
    paths.push(p);
    if (v && typeof v === 'object')
      for (const [k, c] of Object.entries(v)) walk(c, [...p, Array.isArray(v) ? Number(k) : k]);
  };
  walk(valid, []);
  return fc.tuple(fc.constantFrom(...paths.filter((p) => p.length > 0)), hostileValue).map(([path, value]) => {
    const copy = structuredClone(valid) as Record<string | number, unknown>;
    let at: Record<string | number, unknown> = copy;
    for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
    at[path.at(-1)!] = value;
    return copy;
  });
}

function encodings(value: fc.Arbitrary<unknown>): fc.Arbitrary<Body> {
  return fc.tuple(value, fc.constantFrom('json', 'msgpack'), fc.boolean()).map(([v, kind, gzip]) => {
    let bytes: Uint8Array | string;
    try {
      bytes = kind === 'json' ? (JSON.stringify(v) ?? 'undefined') : pack(v);
    } catch {
      bytes = String(v);
    }
    return {
      bytes: gzip ? gzipSync(bytes) : bytes,
      type: kind === 'json' ? 'application/json' : 'application/x-msgpack',
      gzip,
    };
  });
}

const rawBytes: fc.Arbitrary<Body> = fc
  .tuple(
    fc.uint8Array({ maxLength: 2048 }),
    fc.constantFrom('application/json', 'application/x-msgpack', 'text/plain'),
    fc.boolean(),
  )
  .map(([b, type, gzip]) => ({ bytes: gzip ? gzipSync(b) : b, type, gzip }));

const extremes: Body[] = [
  { bytes: '['.repeat(200_000) + ']'.repeat(200_000), type: 'application/json', gzip: false },
  {
    bytes: JSON.stringify(Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`f${i}`, i]))),
    type: 'application/json',
    gzip: false,
  },
  { bytes: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), type: 'application/json', gzip: false },
  { bytes: gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x5b)), type: 'application/json', gzip: true },
  { bytes: pack(Array.from({ length: 200_000 }, () => ({}))), type: 'application/x-msgpack', gzip: false },
];

async function send(path: string, headers: Record<string, string>, b: Body): Promise<Response> {
  return fetch(`${srv.url}${path}`, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': b.type, ...(b.gzip ? { 'Content-Encoding': 'gzip' } : {}) },
    body: b.bytes as BodyInit,
  });
}

async function expectClearRefusalOrStored(r: Response): Promise<void> {
  const text = await r.text();
  // 403: a mutated copy of a batch claims a seq of a session its first copy bound (SESSION_NOT_YOURS).
  expect([202, 400, 403, 413, 415], `${r.status} ${text.slice(0, 300)}`).toContain(r.status);
  if (r.status !== 202) {
    const body = JSON.parse(text) as { error: { code: string; message: string } };
    expect(body.error.code).toMatch(/^[A-Z_]+$/);
    expect(body.error.message.length).toBeGreaterThan(5);
  }
}

describe('hostile input at every write route', () => {
  for (const route of ROUTES) {
    it(`${route.path}: never a 500, always a clear refusal, and good traffic beside it is stored`, async () => {
      const good: Promise<Response>[] = [];
      const goodBodies: unknown[] = [];
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(encodings(mutated(route.valid())), encodings(hostileValue), rawBytes),
          async (body) => {
            const v = route.valid();
            goodBodies.push(v);
            good.push(
              send(route.path, route.auth(), { bytes: JSON.stringify(v), type: 'application/json', gzip: false }),
            );
            await expectClearRefusalOrStored(await send(route.path, route.auth(), body));
          },
        ),
        { numRuns: 60 },
      );
      for (const body of extremes) await expectClearRefusalOrStored(await send(route.path, route.auth(), body));
      expect((await Promise.all(good)).map((r) => r.status)).toEqual(goodBodies.map(() => 202));
    });
  }

  it('refuses timestamps years off with the field named', async () => {
    const old = sampleBatch('years-off-1', 0, now);
    old.events[0]!.ts = Date.UTC(2019, 0, 1);
    const r = await send(
      '/v1/ingest',
      { 'X-Loupe-Key': srv.siteKey },
      { bytes: JSON.stringify(old), type: 'application/json', gzip: false },
    );
    expect(await r.json()).toEqual({ error: expect.objectContaining({ code: 'INVALID_FIELD', path: 'events[0].ts' }) });
    const future = await send(
      '/v1/call-logs',
      { Authorization: `Bearer ${srv.adminKey}` },
      { bytes: JSON.stringify(sampleCallLog(now + 3 * 365 * 86_400_000)), type: 'application/json', gzip: false },
    );
    expect(await future.json()).toEqual({ error: expect.objectContaining({ code: 'INVALID_FIELD', path: 'ts' }) });
  });

  it('is still healthy afterwards', async () => {
    expect(await (await fetch(`${srv.url}/healthz`)).json()).toEqual({ status: 'ok', clickhouse: 'up' });
  });
});
