import { SEED_CHANGE_AUDITS, sampleAuditEvents, sampleCallLog } from '@loupe/schemas/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let srv: TestServer;
let other: { adminKey: string; siteKey: string };
beforeAll(async () => {
  srv = await startTestServer();
  other = await srv.addTenant('tenant-b');
});
afterAll(() => srv.close());

const call = (path: string, key: string, init: RequestInit = {}) =>
  fetch(`${srv.url}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', ...init.headers },
  });
const store = async (path: string, key: string, body: unknown) => {
  const r = await call(path, key, { method: 'POST', body: JSON.stringify(body) });
  expect(r.status).toBe(202);
  return ((await r.json()) as { ids: string[] }).ids;
};

describe('one log row by id', () => {
  it('answers each family its own row as its list does, even far down the list', async () => {
    const now = Date.now();
    // 120 calls, so the first one stored is not on the list's first page of 100.
    const ids = await store(
      '/v1/call-logs',
      srv.adminKey,
      Array.from({ length: 120 }, (_, i) => sampleCallLog(now - 60_000 + i, { bot: `bot-${i}` })),
    );
    const firstPage = (await (await call('/v1/call-logs', srv.adminKey)).json()) as { items: { id: string }[] };
    expect(firstPage.items.map((c) => c.id)).not.toContain(ids[0]);
    const one = await call(`/v1/call-logs/${ids[0]}`, srv.adminKey);
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({ id: ids[0], bot: 'bot-0', ts: new Date(now - 60_000).toISOString() });

    const [auditId] = await store('/v1/audit-events', srv.adminKey, sampleAuditEvents(now)[0]);
    const audit = (await (await call(`/v1/audit-events/${auditId}`, srv.adminKey)).json()) as Record<string, unknown>;
    const listed = (await (await call('/v1/audit-events', srv.adminKey)).json()) as { items: { id: string }[] };
    expect(audit).toEqual(listed.items.find((e) => e.id === auditId));
    expect(audit).toHaveProperty('userName');

    const [changeId] = await store('/v1/change-audits', srv.adminKey, {
      ...SEED_CHANGE_AUDITS[0]!,
      actionDate: new Date(now).toISOString(),
    });
    const change = await call(`/v1/change-audits/${changeId}`, srv.adminKey);
    expect(await change.json()).toMatchObject({ id: changeId, field: SEED_CHANGE_AUDITS[0]!.field });
  });

  it("answers 404 for another tenant's row, an unknown id and a malformed one", async () => {
    const [id] = await store('/v1/call-logs', srv.adminKey, sampleCallLog(Date.now(), { bot: 'secret-bot' }));
    const foreign = await call(`/v1/call-logs/${id}`, other.adminKey);
    expect(foreign.status).toBe(404);
    const body = await foreign.text();
    expect(body).toContain('NOT_FOUND');
    expect(body).not.toContain('secret-bot');
    expect(
      (await call(`/v1/call-logs/${id!.replace(/.$/, (c) => (c === '0' ? '1' : '0'))}`, srv.adminKey)).status,
    ).toBe(404);
    expect((await call("/v1/call-logs/x' OR 1=1", srv.adminKey)).status).toBe(404);
    // The fixed paths beside it still answer as before.
    expect((await call('/v1/call-logs/facets', srv.adminKey)).status).toBe(200);
    expect((await call('/v1/call-logs/export.csv', srv.adminKey)).status).toBe(200);
  });
});
