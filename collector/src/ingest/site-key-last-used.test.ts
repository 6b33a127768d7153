import { SESSION_SECRET_HEADER } from '@loupe/schemas';
import { sampleBatch } from '@loupe/schemas/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.close());

const listKeys = async () =>
  (
    (await (
      await fetch(`${srv.url}/v1/api-keys`, { headers: { Authorization: `Bearer ${srv.adminKey}` } })
    ).json()) as {
      items: { kind: string; lastUsedAt: string | null }[];
    }
  ).items;

describe("a site key's last use", () => {
  it('is shown after the recorder sends with it, written once however many batches come', async () => {
    const before = Date.now();
    const site = () => listKeys().then((items) => items.find((k) => k.kind === 'site')!);
    expect((await site()).lastUsedAt).toBeNull();
    let secret = '';
    const t0 = Date.now() - 60_000;
    for (let seq = 0; seq < 40; seq++) {
      const res = await fetch(`${srv.url}/v1/ingest`, {
        method: 'POST',
        headers: { 'X-Loupe-Key': srv.siteKey, 'Content-Type': 'application/json', [SESSION_SECRET_HEADER]: secret },
        body: JSON.stringify(sampleBatch('last-used-1', seq, t0 + seq * 100)),
      });
      expect(res.status).toBe(202);
      secret ||= ((await res.json()) as { sessionSecret: string }).sessionSecret;
    }
    // The write is fire-and-forget beside the batch: give it a moment.
    let used: string | null = null;
    for (let i = 0; i < 50 && !used; i++) {
      used = (await site()).lastUsedAt;
      if (!used) await new Promise((r) => setTimeout(r, 100));
    }
    expect(used).not.toBeNull();
    expect(Date.parse(used!)).toBeGreaterThanOrEqual(before - 1_000);
    expect(Date.parse(used!)).toBeLessThanOrEqual(Date.now());
    // Cheap: 40 batches, one usage row (at most one a minute per key and collector).
    const rows = (await (
      await srv.services.client.query({ query: 'SELECT count() AS n FROM api_key_usage', format: 'JSONEachRow' })
    ).json()) as { n: number | string }[];
    // The admin key's list calls above touch it too: one row each.
    expect(Number(rows[0]!.n)).toBeLessThanOrEqual(2);
  });
});
