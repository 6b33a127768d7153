import { INTEGRATION_KINDS } from '@loupe/schemas';
import { sampleCallLog } from '@loupe/schemas/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let srv: TestServer;
const cookies: Record<string, string> = {};
const userIds: Record<string, string> = {};
const PASSWORD = 'correct horse battery';

const call = (path: string, init: RequestInit & { as?: string } = {}) =>
  fetch(`${srv.url}${path}`, {
    ...init,
    headers: {
      'Content-Type': 'application/json',
      ...(init.as ? { Cookie: cookies[init.as]!, Origin: srv.url } : { Authorization: `Bearer ${srv.adminKey}` }),
      ...init.headers,
    },
  });
const post = (path: string, body: unknown, as?: string) =>
  call(path, { method: 'POST', body: JSON.stringify(body), ...(as ? { as } : {}) });

interface Item {
  application: string;
  bot: string;
  needsReauth: boolean;
  state: string;
  since: string;
  lastStatus: number | null;
  kind: string | null;
  reauthorizeUrl: string | null;
}
const list = async () => ((await (await call('/v1/integrations')).json()) as { items: Item[] }).items;
const itemOf = async (application: string, bot?: string) =>
  (await list()).find((i) => i.application === application && (bot === undefined || i.bot === bot));
/** Call logs are observed after they are acknowledged: waits until the state is written. */
async function logs(...l: ReturnType<typeof sampleCallLog>[]): Promise<void> {
  expect((await post('/v1/call-logs', l)).status).toBe(202);
  await srv.services.alerts.settled();
}

beforeAll(async () => {
  srv = await startTestServer();
  for (const [username, role] of [
    ['builder', 'Bot Builder'],
    ['super', 'Supervisor'],
    ['admin', 'Admin'],
  ] as const) {
    const created = await post('/v1/users', { username, password: PASSWORD, role });
    userIds[username] = ((await created.json()) as { id: string }).id;
    const r = await post('/v1/auth/login', { username, password: PASSWORD });
    cookies[username] = r.headers.get('set-cookie')!.split(';')[0]!;
  }
});
afterAll(() => srv.close());

describe('integrations', () => {
  it("registers every kind of seed 001's list, in the seed's words or close to them", async () => {
    for (const [i, kind] of INTEGRATION_KINDS.entries()) {
      const r = await post('/v1/integrations', {
        name: `Integration ${i}`,
        kind: kind.toUpperCase(),
        reauthorizeUrl: `https://platform.example/reauth/${i}`,
      });
      expect(r.status, await r.clone().text()).toBe(200);
      expect(await r.json()).toMatchObject({ name: `Integration ${i}`, kind });
    }
    const twilio = await post('/v1/integrations', {
      name: 'SMS',
      kind: 'twilio',
      reauthorizeUrl: 'https://platform.example/reauth/sms',
    });
    expect(((await twilio.json()) as { kind: string }).kind).toBe('Clickatell and Twilio');
    const listed = await list();
    expect(listed.filter((i) => i.state === 'no_calls').map((i) => i.kind)).toEqual(
      expect.arrayContaining([...INTEGRATION_KINDS]),
    );
  });

  it('refuses an unknown kind and a re-authorisation URL that is not http(s), naming the field', async () => {
    const kind = await post('/v1/integrations', {
      name: 'X',
      kind: 'Carrier pigeon',
      reauthorizeUrl: 'https://a.example/',
    });
    expect(kind.status).toBe(400);
    expect(((await kind.json()) as { error: { path: string } }).error.path).toBe('kind');
    const url = await post('/v1/integrations', { name: 'X', kind: 'Zendesk', reauthorizeUrl: 'javascript:alert(1)' });
    expect(url.status).toBe(400);
    expect(((await url.json()) as { error: { path: string } }).error.path).toBe('reauthorizeUrl');
    // An Admin may register; a Bot Builder may not (it is the platform's configuration).
    expect(
      (await post('/v1/integrations', { name: 'Y', kind: 'C2E', reauthorizeUrl: 'https://a.example/' }, 'builder'))
        .status,
    ).toBe(403);
    expect(
      (await post('/v1/integrations', { name: 'Y', kind: 'C2E', reauthorizeUrl: 'https://a.example/' }, 'admin'))
        .status,
    ).toBe(200);
  });

  it('lists integrations that only failed with 5xx or status 0, and dates states by call time', async () => {
    const twoHoursAgo = Date.now() - 2 * 3_600_000;
    await logs(
      sampleCallLog(twoHoursAgo, { application: 'Zendesk', bot: 'Help bot', statusCode: 503 }),
      sampleCallLog(twoHoursAgo + 1000, { application: 'Unreachable CRM', bot: 'Help bot', statusCode: 0 }),
    );
    expect(await itemOf('Zendesk', 'Help bot')).toMatchObject({
      state: 'failing',
      needsReauth: false,
      lastStatus: 503,
      since: new Date(twoHoursAgo).toISOString(),
    });
    expect(await itemOf('Unreachable CRM')).toMatchObject({ state: 'failing', lastStatus: 0 });
    await logs(sampleCallLog(twoHoursAgo + 60_000, { application: 'Zendesk', bot: 'Help bot', statusCode: 200 }));
    expect(await itemOf('Zendesk', 'Help bot')).toMatchObject({
      state: 'healthy',
      since: new Date(twoHoursAgo + 60_000).toISOString(),
    });
  });

  it('flags a 401, keeps the flag through 5xx and old successes, and clears it on the next success', async () => {
    await post('/v1/integrations', {
      name: 'Google Sheets',
      kind: 'Google Sheets',
      reauthorizeUrl: 'https://platform.example/reauth/sheets',
    });
    const t = Date.now() - 600_000;
    await logs(sampleCallLog(t, { application: 'Google Sheets', bot: 'Lead bot', statusCode: 401 }));
    expect(await itemOf('Google Sheets', 'Lead bot')).toMatchObject({
      state: 'needs_reauth',
      needsReauth: true,
      since: new Date(t).toISOString(),
      lastStatus: 401,
      kind: 'Google Sheets',
      reauthorizeUrl: 'https://platform.example/reauth/sheets',
    });
    // The broken come first.
    expect((await list())[0]!.application).toBe('Google Sheets');
    await logs(sampleCallLog(t + 1000, { application: 'Google Sheets', bot: 'Lead bot', statusCode: 502 }));
    // A success from before the 401 (an import, a late retry) does not clear it.
    await logs(sampleCallLog(t - 60_000, { application: 'Google Sheets', bot: 'Lead bot', statusCode: 200 }));
    expect(await itemOf('Google Sheets', 'Lead bot')).toMatchObject({ needsReauth: true, lastStatus: 502 });

    await logs(sampleCallLog(t + 5000, { application: 'Google Sheets', bot: 'Lead bot', statusCode: 200 }));
    expect(await itemOf('Google Sheets', 'Lead bot')).toMatchObject({ state: 'healthy', needsReauth: false });
  });

  it('audits Reauthorise as the person who clicked it and answers the URL, for Owners and Bot Builders only', async () => {
    await post('/v1/integrations', {
      name: 'Salesforce',
      kind: 'Salesforce',
      reauthorizeUrl: 'https://platform.example/reauth/sf',
    });
    const r = await post('/v1/integrations/reauthorize', { name: 'Salesforce' }, 'builder');
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ name: 'Salesforce', reauthorizeUrl: 'https://platform.example/reauth/sf' });
    const events = (await (await call('/v1/audit-events?type=PLUGIN_CHANGE')).json()) as {
      items: { userId: string; data: { plugin: string; configuration: Record<string, unknown> } }[];
    };
    expect(events.items).toContainEqual(
      expect.objectContaining({
        userId: userIds.builder,
        data: {
          plugin: 'Salesforce',
          configuration: {
            action: 'reauthorize',
            kind: 'Salesforce',
            reauthorizeUrl: 'https://platform.example/reauth/sf',
          },
        },
      }),
    );
    expect((await post('/v1/integrations/reauthorize', { name: 'Salesforce' }, 'super')).status).toBe(403);
    const unknown = await post('/v1/integrations/reauthorize', { name: 'Nope' }, 'builder');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('INTEGRATION_NOT_REGISTERED');
  });

  it("keeps each tenant's integrations to itself", async () => {
    const other = await srv.addTenant('tenant-int-b');
    const theirs = (await (
      await fetch(`${srv.url}/v1/integrations`, { headers: { Authorization: `Bearer ${other.adminKey}` } })
    ).json()) as { items: Item[] };
    expect(theirs.items).toEqual([]);
    const r = await fetch(`${srv.url}/v1/integrations/reauthorize`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${other.adminKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Salesforce' }),
    });
    expect(r.status).toBe(404);
  });
});
