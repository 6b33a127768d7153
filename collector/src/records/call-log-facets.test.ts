import { sampleCallLog } from '@loupe/schemas/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let srv: TestServer;
let other: { adminKey: string };
beforeAll(async () => {
  srv = await startTestServer();
  other = await srv.addTenant('tenant-facets-b');
});
afterAll(() => srv.close());

const call = (key: string, path: string, init: RequestInit = {}) =>
  fetch(`${srv.url}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
  });
const facets = async (key: string) =>
  (await (await call(key, '/v1/call-logs/facets')).json()) as { bots: string[]; applications: string[] };

describe('call-log facets', () => {
  it("lists the account's bots and applications, each once, sorted, and no other tenant's", async () => {
    const now = Date.now();
    const posted = await call(srv.adminKey, '/v1/call-logs', {
      method: 'POST',
      body: JSON.stringify([
        sampleCallLog(now - 5000, { bot: 'beta bot', application: 'Zendesk' }),
        sampleCallLog(now - 4000, { bot: 'Alpha bot', application: 'Google Sheets', statusCode: 500 }),
        sampleCallLog(now - 3000, { bot: 'Beta bot', application: 'Zendesk', statusCode: 0 }),
        sampleCallLog(now - 2000, { bot: 'Alpha bot', application: 'C2E' }),
      ]),
    });
    expect(posted.status).toBe(202);
    await call(other.adminKey, '/v1/call-logs', {
      method: 'POST',
      body: JSON.stringify([sampleCallLog(now, { bot: 'Secret bot', application: 'Secret app' })]),
    });
    await srv.services.alerts.settled();
    expect(await facets(srv.adminKey)).toEqual({
      bots: ['Alpha bot', 'Beta bot', 'beta bot'],
      applications: ['C2E', 'Google Sheets', 'Zendesk'],
    });
    expect(await facets(other.adminKey)).toEqual({ bots: ['Secret bot'], applications: ['Secret app'] });
  });

  it('keeps a bot whose calls aged out of retention, since the account still has it', async () => {
    // Posted within retention, then the retention shortened below its age.
    await call(srv.adminKey, '/v1/call-logs', {
      method: 'POST',
      body: JSON.stringify([sampleCallLog(Date.now() - 3 * 86_400_000, { bot: 'Old bot', application: 'FreshDesk' })]),
    });
    await srv.services.alerts.settled();
    await call(srv.adminKey, '/v1/settings', { method: 'PUT', body: JSON.stringify({ callLogRetentionDays: 1 }) });
    const listed = await call(srv.adminKey, '/v1/call-logs?bot=Old%20bot');
    expect(((await listed.json()) as { items: unknown[] }).items).toHaveLength(0);
    expect((await facets(srv.adminKey)).bots).toContain('Old bot');
  });
});
