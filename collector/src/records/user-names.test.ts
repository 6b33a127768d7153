import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.close());

const call = (path: string, init: RequestInit = {}, key = srv.adminKey) =>
  fetch(`${srv.url}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
  });

interface Item {
  type: string;
  userId: string;
  userName: string | null;
  names: Record<string, string>;
}

describe('audit events name their users', () => {
  it("gives each event its user's name and the names of the tenant users its data mentions, not another tenant's", async () => {
    const create = async (username: string, role: string) =>
      (
        (await (
          await call('/v1/users', {
            method: 'POST',
            body: JSON.stringify({ username, password: 'correct horse', role }),
          })
        ).json()) as { id: string }
      ).id;
    const grace = await create('grace', 'Supervisor');
    const alan = await create('alan', 'Agent');
    const ts = Date.now();
    const posted = await call('/v1/audit-events', {
      method: 'POST',
      body: JSON.stringify([
        { type: 'ROLE_CHANGE', ts, userId: grace, data: { roleName: 'Bot Builder', tenantUser: alan } },
        {
          type: 'CONFERENCE_RECORDING',
          ts: ts + 1,
          userId: 'platform-7',
          data: { callId: 'c', customerId: 'u', joinedAgents: [alan, 'platform-8'], tags: [] },
        },
      ]),
    });
    expect(posted.status).toBe(202);
    const { items } = (await (await call(`/v1/audit-events?from=${new Date(ts).toISOString()}`)).json()) as {
      items: Item[];
    };
    const byType = Object.fromEntries(items.map((i) => [i.type, i]));
    expect(byType.ROLE_CHANGE).toMatchObject({ userName: 'grace', names: { [grace]: 'grace', [alan]: 'alan' } });
    expect(byType.CONFERENCE_RECORDING).toMatchObject({ userName: null, names: { [alan]: 'alan' } });

    // Another tenant's reader sees its own users' names only, and no events of this tenant at all.
    const other = await srv.addTenant('tenant-names-b');
    await call(
      '/v1/audit-events',
      { method: 'POST', body: JSON.stringify({ type: 'LOGGED_IN', ts, userId: grace, data: {} }) },
      other.adminKey,
    );
    const theirs = (await (await call('/v1/audit-events', {}, other.adminKey)).json()) as { items: Item[] };
    expect(theirs.items.find((i) => i.userId === grace)).toMatchObject({ userName: null, names: {} });
  });
});
