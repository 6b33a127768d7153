import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { UserStore } from './user-store.ts';

let srv: TestServer;
let clock = Date.UTC(2026, 10, 23, 9);
beforeAll(async () => {
  srv = await startTestServer({}, undefined, {}, () => clock);
});
afterAll(() => srv.close());

const admin = () => ({ Authorization: `Bearer ${srv.adminKey}`, 'Content-Type': 'application/json' });
const listed = async () =>
  (
    (await (await fetch(`${srv.url}/v1/api-keys`, { headers: admin() })).json()) as {
      items: { id: string; lastUsedAt: string | null; expiresAt: string }[];
    }
  ).items;

describe("an API key's whole life", () => {
  it('is created with a custom expiry, used, shown as used, expires by itself and is refused', async () => {
    const expiresAt = new Date(clock + 2 * 3_600_000).toISOString();
    const created = await fetch(`${srv.url}/v1/api-keys`, {
      method: 'POST',
      headers: admin(),
      body: JSON.stringify({ description: 'Salesforce sync', validFor: 'custom', expiresAt }),
    });
    const key = (await created.json()) as { id: string; key: string; expiresAt: string };
    expect(key.expiresAt).toBe(expiresAt);
    expect((await listed()).find((k) => k.id === key.id)!.lastUsedAt).toBeNull();

    expect((await fetch(`${srv.url}/v1/call-logs`, { headers: { Authorization: `Bearer ${key.key}` } })).status).toBe(
      200,
    );
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
    const key = (await (
      await fetch(`${srv.url}/v1/api-keys`, {
        method: 'POST',
        headers: admin(),
        body: JSON.stringify({ description: 'Zendesk', validFor: '1y' }),
      })
    ).json()) as { id: string; key: string };
    expect((await fetch(`${srv.url}/v1/call-logs`, { headers: { Authorization: `Bearer ${key.key}` } })).status).toBe(
      200,
    );
    // Revoked behind this collector's back, as another collector would: its cache still holds the key...
    const row = await srv.services.client.query({
      query: `SELECT * EXCEPT version FROM api_keys FINAL WHERE id = '${key.id}'`,
      format: 'JSONEachRow',
    });
    const [r] = (await row.json()) as Record<string, unknown>[];
    await srv.services.client.insert({
      table: 'api_keys',
      values: [{ ...r, revoked_at: clock, version: clock * 10 }],
      format: 'JSONEachRow',
    });
    // ...for at most its cache time.
    clock += 5_001;
    expect((await fetch(`${srv.url}/v1/call-logs`, { headers: { Authorization: `Bearer ${key.key}` } })).status).toBe(
      401,
    );
  });

  it('dies with its maker within seconds, even on a collector that neither saw the deletion nor revoked the key', async () => {
    // Sign-in sessions are dropped by a TTL on real time, so this test's clock starts at the real one.
    clock = Math.max(clock, Date.now());
    const made = await fetch(`${srv.url}/v1/users`, {
      method: 'POST',
      headers: admin(),
      body: JSON.stringify({ username: 'maker', password: 'correct horse battery', role: 'Admin' }),
    });
    const maker = (await made.json()) as { id: string };
    const login = await fetch(`${srv.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'maker', password: 'correct horse battery' }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const created = await fetch(`${srv.url}/v1/api-keys`, {
      method: 'POST',
      headers: { Cookie: cookie, Origin: srv.url, 'Content-Type': 'application/json' },
      body: JSON.stringify({ description: 'sync', validFor: '1y' }),
    });
    const key = ((await created.json()) as { key: string }).key;
    expect((await fetch(`${srv.url}/v1/sessions`, { headers: { Authorization: `Bearer ${key}` } })).status).toBe(200);
    // Another collector deletes the maker and dies before revoking its keys: the key row stays active...
    await new UserStore(srv.services.client, () => clock).update('tenant-a', maker.id, { deleted: true });
    // ...yet once this collector's caches run out, the key is refused, because its maker is gone.
    clock += 5_001;
    expect((await fetch(`${srv.url}/v1/sessions`, { headers: { Authorization: `Bearer ${key}` } })).status).toBe(401);
  });
});
