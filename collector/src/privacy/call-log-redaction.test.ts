import { sampleCallLog } from '@loupe/schemas/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let srv: TestServer;
let b: { adminKey: string };
beforeAll(async () => {
  srv = await startTestServer();
  b = await srv.addTenant('tenant-b');
});
afterAll(() => srv.close());

const SECRETS = [
  'eyJhbGciOiJIUzI1NiJ9.payload.sig',
  'sk_live_51Habc',
  'tok_url_777',
  'hunter2',
  'rt_refresh_9',
  'sess_cookie_1',
];
const t0 = Date.now() - 60_000;
const leaky = (bot: string) =>
  sampleCallLog(t0, {
    bot,
    url: `https://api.example.com/v1/accounts?api_key=${SECRETS[2]}&page=1`,
    request: `curl -X POST 'https://api.example.com/v1/accounts?api_key=${SECRETS[2]}' -H 'Authorization: Bearer ${SECRETS[0]}' -H 'X-Api-Key: ${SECRETS[1]}' --cookie 'sid=${SECRETS[5]}' -d '{"username":"ada","password":"${SECRETS[3]}","ssn":"123-45-6789"}'`,
    response: `{"access_token":"${SECRETS[0]}","refresh_token":"${SECRETS[4]}","account":"ACME"}`,
  });
const api = (key: string, path: string, init: RequestInit = {}) =>
  fetch(`${srv.url}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', ...init.headers },
  });

describe('call-log secrets', () => {
  it('are redacted before storage, so no read, export or SQL answer holds them', async () => {
    expect(
      (await api(srv.adminKey, '/v1/call-logs', { method: 'POST', body: JSON.stringify(leaky('leaky-bot')) })).status,
    ).toBe(202);
    const listed = await (await api(srv.adminKey, '/v1/call-logs?bot=leaky-bot')).text();
    const csv = await (await api(srv.adminKey, '/v1/call-logs/export.csv?bot=leaky-bot')).text();
    const stored = JSON.stringify(
      await (
        await srv.services.client.query({
          query: "SELECT * FROM call_logs WHERE bot = 'leaky-bot'",
          format: 'JSONEachRow',
        })
      ).json(),
    );
    for (const answer of [listed, csv, stored]) {
      for (const secret of SECRETS) expect(answer).not.toContain(secret);
      expect(answer).toContain('[REDACTED]');
      expect(answer).toContain('ACME');
      expect(answer).toContain('page=1');
    }
    // The tenant added no names of its own: its customer's SSN is not a built-in secret.
    expect(listed).toContain('123-45-6789');
  });

  it("takes a tenant's extra names, for that tenant only", async () => {
    expect(
      (
        await api(b.adminKey, '/v1/settings', {
          method: 'PUT',
          body: JSON.stringify({ redactPatterns: ['ssn', 'x-*-ref'] }),
        })
      ).status,
    ).toBe(200);
    const bad = await api(b.adminKey, '/v1/settings', {
      method: 'PUT',
      body: JSON.stringify({ redactPatterns: ['(a+)+$'] }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { path: 'redactPatterns[0]' } });
    expect(
      (await api(b.adminKey, '/v1/call-logs', { method: 'POST', body: JSON.stringify(leaky('b-bot')) })).status,
    ).toBe(202);
    expect(
      (await api(srv.adminKey, '/v1/call-logs', { method: 'POST', body: JSON.stringify(leaky('a-bot')) })).status,
    ).toBe(202);
    const ofB = await (await api(b.adminKey, '/v1/call-logs?bot=b-bot')).text();
    expect(ofB).not.toContain('123-45-6789');
    expect(await (await api(srv.adminKey, '/v1/call-logs?bot=a-bot')).text()).toContain('123-45-6789');
  });
});
