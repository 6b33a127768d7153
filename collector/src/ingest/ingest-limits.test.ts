import { SESSION_SECRET_HEADER, type RecorderBatch } from '@loupe/schemas';
import { sampleBatch } from '@loupe/schemas/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

const t0 = Date.now() - 60_000;
let srv: TestServer;
let capped: { siteKey: string };
let roomy: { siteKey: string };

beforeAll(async () => {
  srv = await startTestServer({
    // The old per-key limit, tight: a whole site used to share it.
    LOUPE_RATE_PER_SECOND: 1,
    LOUPE_RATE_BURST: 3,
    LOUPE_INGEST_SESSION_RATE: 1,
    LOUPE_INGEST_ADDRESS_RATE: 2,
    LOUPE_INGEST_TENANT_RATE: 1_000,
    LOUPE_INGEST_TENANT_RATES: { 'tenant-capped': 2 },
    // Addresses come from X-Forwarded-For, so one test process can be many visitors.
    LOUPE_TRUST_PROXY: true,
  });
  capped = await srv.addTenant('tenant-capped');
  roomy = await srv.addTenant('tenant-roomy');
});
afterAll(() => srv.close());

const secrets = new Map<string, string>();
async function send(batch: RecorderBatch, address: string, siteKey = srv.siteKey): Promise<number> {
  const secret = secrets.get(batch.sessionId);
  const r = await fetch(`${srv.url}/v1/ingest`, {
    method: 'POST',
    headers: {
      'X-Loupe-Key': siteKey,
      'Content-Type': 'application/json',
      'X-Forwarded-For': address,
      ...(secret ? { [SESSION_SECRET_HEADER]: secret } : {}),
    },
    body: JSON.stringify(batch),
  });
  const body = (await r.json()) as { sessionSecret?: string };
  if (body.sessionSecret) secrets.set(batch.sessionId, body.sessionSecret);
  if (r.status === 429) expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  return r.status;
}
const visitor = (i: number) => `10.1.${i >> 8}.${i & 255}`;
const all = (ps: Promise<number>[]) => Promise.all(ps);

describe('recorder limits for a public site key', () => {
  it('does not cap a site with many visitor sessions at one key’s rate', async () => {
    const got = await all(
      Array.from({ length: 25 }, (_, i) => send(sampleBatch(`limits-test-many-${i}`, 0, t0), visitor(i))),
    );
    expect(got).toEqual(got.map(() => 202));
  });

  it('limits one session that floods, while other sessions go on', async () => {
    const got: number[] = [];
    // Each batch from an address of its own: only the session's bucket is spent.
    for (let seq = 0; seq < 10; seq++)
      got.push(await send(sampleBatch('limits-test-flooding-session', seq, t0 + seq), visitor(1000 + seq)));
    // A burst of three seconds' worth, then refused (a slow machine may earn one more token).
    expect(got.slice(0, 3)).toEqual([202, 202, 202]);
    expect(got.filter((s) => s === 429).length).toBeGreaterThanOrEqual(5);
    expect(await send(sampleBatch('limits-test-calm-session', 0, t0), visitor(2000))).toBe(202);
  });

  it('limits one client address, whatever sessions it claims', async () => {
    const got = await all(
      Array.from({ length: 20 }, (_, i) => send(sampleBatch(`limits-test-one-addr-${i}`, 0, t0), '10.9.9.9')),
    );
    expect(got.filter((s) => s === 202).length).toBeLessThanOrEqual(8);
    expect(got.filter((s) => s === 429).length).toBeGreaterThanOrEqual(12);
    expect(await send(sampleBatch('limits-test-another-addr', 0, t0), '10.9.9.10')).toBe(202);
  });

  it('holds the tenant ceiling the operator set, and leaves other tenants their own', async () => {
    const ceiling = await all(
      Array.from({ length: 20 }, (_, i) =>
        send(sampleBatch(`limits-test-capped-${i}`, 0, t0), visitor(3000 + i), capped.siteKey),
      ),
    );
    const accepted = ceiling.filter((s) => s === 202).length;
    expect(accepted).toBeGreaterThanOrEqual(6);
    expect(accepted).toBeLessThanOrEqual(8);
    expect(ceiling.filter((s) => s === 429)).toHaveLength(20 - accepted);
    const theirs = await all(
      Array.from({ length: 20 }, (_, i) =>
        send(sampleBatch(`limits-test-roomy-${i}`, 0, t0), visitor(4000 + i), roomy.siteKey),
      ),
    );
    expect(theirs.every((s) => s === 202)).toBe(true);
  });
});
