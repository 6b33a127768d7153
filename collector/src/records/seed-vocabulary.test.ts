import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.close());

const call = (path: string, init: RequestInit = {}) =>
  fetch(`${srv.url}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${srv.adminKey}`, 'Content-Type': 'application/json', ...init.headers },
  });
const post = (body: unknown) => call('/v1/change-audits', { method: 'POST', body: JSON.stringify(body) });
const csvOf = async (query: string) => (await call(`/v1/change-audits/export.csv?${query}`)).text();

/** Seed 000's CSV, as the document prints it. */
const SEED_CSV = readFileSync(new URL('./fixtures/seed-000-change-audits.csv', import.meta.url), 'utf8');
/** Seed 000's three example rows as its screens name the values: "External API", not `ExternalAPI`. */
const AS_THE_SEED_WRITES = [
  { facility: 'Channels', field: 'Name', after: 'Smoke', origin: 'KPICHAT' },
  { facility: 'channels', field: 'Description', after: 'Test', origin: 'External API' },
  { facility: 'CHANNELS', field: 'Notifications Enabled', after: 'false', origin: 'kpichat' },
].map((r) => ({ ...r, username: 'Administrator', before: '', actionDate: '2022-11-01T14:29:53Z', action: 'add' }));

describe("seed 000's vocabulary", () => {
  it("stores the seed's spellings as one value each and exports the seed's CSV byte for byte", async () => {
    const r = await post(AS_THE_SEED_WRITES);
    expect(r.status).toBe(202);
    expect(await csvOf('from=2022-11-01&to=2022-11-01')).toBe(SEED_CSV);
    const read = (await (await call('/v1/change-audits?from=2022-11-01&to=2022-11-01')).json()) as {
      items: { facility: string; origin: string; action: string }[];
    };
    expect(new Set(read.items.map((i) => `${i.facility}/${i.origin}/${i.action}`))).toEqual(
      new Set(['Channels/KPICHAT/Add', 'Channels/ExternalAPI/Add']),
    );
  });

  it("filters by the seed's filter values: Data permission, External API, All facilities", async () => {
    await post([
      {
        facility: 'Data permission',
        username: 'Administrator',
        field: 'Role',
        before: 'Viewer',
        after: 'Editor',
        actionDate: '2022-12-02T10:00:00Z',
        action: 'Update',
        origin: 'TCMC',
      },
      {
        facility: 'data_permissions',
        username: 'Administrator',
        field: 'Region',
        before: 'EU',
        after: 'US',
        actionDate: '2022-12-02T11:00:00Z',
        action: 'Update',
        origin: 'external_api',
      },
    ]);
    const range = 'from=2022-12-01&to=2022-12-31';
    const lines = async (q: string) => (await csvOf(`${range}&${q}`)).trim().split('\n').slice(1);
    expect(await lines('facility=Data%20permission')).toEqual([
      'Data permissions,Administrator,Role,Viewer,Editor,2022-12-02 10:00:00,Update,TCMC',
      'Data permissions,Administrator,Region,EU,US,2022-12-02 11:00:00,Update,ExternalAPI',
    ]);
    expect(await lines('facility=Data%20permission&origin=External%20API')).toEqual([
      'Data permissions,Administrator,Region,EU,US,2022-12-02 11:00:00,Update,ExternalAPI',
    ]);
    expect(await lines('facility=All%20facilities&origin=externalapi')).toHaveLength(1);
    expect(await lines('facility=All%20facilities')).toHaveLength(2);
    expect(await lines('origin=tcmc&action=UPDATE')).toHaveLength(1);
  });

  it('refuses a value of no vocabulary, naming the field, and stores nothing of that request', async () => {
    const r = await post([
      { ...AS_THE_SEED_WRITES[0]!, actionDate: '2023-01-05T00:00:00Z' },
      { ...AS_THE_SEED_WRITES[0]!, actionDate: '2023-01-05T00:00:00Z', origin: 'Carrier pigeon' },
    ]);
    expect(r.status).toBe(400);
    const body = (await r.json()) as { error: { code: string; message: string; path: string } };
    expect(body.error.path).toMatch(/1.*origin/);
    expect(body.error.message).toContain('"ExternalAPI"');
    // "All facilities" is a filter, not a facility a change can have.
    const all = await post({ ...AS_THE_SEED_WRITES[0]!, facility: 'All facilities' });
    expect(all.status).toBe(400);
    expect((await csvOf('from=2023-01-01&to=2023-01-31')).trim().split('\n')).toHaveLength(1);
    const badFilter = await call('/v1/change-audits?facility=Kitchens');
    expect(badFilter.status).toBe(400);
    expect(((await badFilter.json()) as { error: { path: string } }).error.path).toContain('facility');
  });
});
