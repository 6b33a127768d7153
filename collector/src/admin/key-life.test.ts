import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let srv: TestServer;
let clock = Date.UTC(2026, 10, 23, 9);
beforeAll(async () => {
  srv = await startTestServer({}, undefined, {}, () => clock);
});
afterAll(() => srv.close());

const admin = () => ({ Authorization: `Bearer ${srv.adminKey}`, 'Content-Type': 'application/json' });
const listed = async () =>
  ((await (await fetch(`${srv.url}/v1/api-keys`, { headers: admin() })).json()) as { items: { id: string; lastUsedAt: string | null; expiresAt: string }[] }).items;

describe("an API key's whole life", () => {
  it('is created with a custom expiry, used, shown as used, expires by itself and is refused', async () => {
    const expiresAt = new Date(clock + 2 * 3_600_000).toISOString();
    const created = await fetch(`${srv.url}/v1/api-keys`, { method: 'POST', headers: admin(), body: JSON.stringify({ description: 'Salesforce sync', validFor: 'custom', expiresAt }) });
    const key = (await created.json()) as { id: string; key: string; expiresAt: string };
    expect(key.expiresAt).toBe(expiresAt);
    expect((await listed()).find((k) => k.id === key.id)!.lastUsedAt).toBeNull();

    expect((await fetch(`${srv.url}/v1/call-logs`, { headers: { Authorization: `Bearer ${key.key}` } })).status).toBe(200);
    let used: string | null = null;
    for (let i = 0; i < 50 && !used; i++) {
      used = (await listed()).find((k) => k.id === key.id)!.lastUsedAt;
      if (!used) await new Promise((r) => setTimeout(r, 20));
    }
    expect(used).toBe(new Date(clock).toISOString());

    clock += 2 * 3_600_000 + 1;
    const refused = await fetch(`${srv.url}/v1/call-logs`, { headers: { Authorization: `Bearer ${key.key}` } });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('INVALID_KEY');
  });

  it('is refused within seconds of its deletion, even by a collector that had it cached', async () => {
    const key = (await (await fetch(`${srv.url}/v1/api-keys`, { method: 'POST', headers: admin(), body: JSON.stringify({ description: 'Zendesk', validFor: '1y' }) })).json()) as { id: string; key: string };
    expect((await fetch(`${srv.url}/v1/call-logs`, { headers: { Authorization: `Bearer ${key.key}` } })).status).toBe(200);
    // Revoked behind this collector's back, as another collector would: its cache still holds the key...
    const row = await srv.services.client.query({ query: `SELECT * EXCEPT version FROM api_keys FINAL WHERE id = '${key.id}'`, format: 'JSONEachRow' });
    const [r] = (await row.json()) as Record<string, unknown>[];
    await srv.services.client.insert({ table: 'api_keys', values: [{ ...r, revoked_at: clock, version: clock * 10 }], format: 'JSONEachRow' });
    // ...for at most its cache time.
    clock += 5_001;
    expect((await fetch(`${srv.url}/v1/call-logs`, { headers: { Authorization: `Bearer ${key.key}` } })).status).toBe(401);
  });
});
