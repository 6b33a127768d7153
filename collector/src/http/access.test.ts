import { ROLES, can, type Role } from '@loupe/schemas';
import { sampleBatch } from '@loupe/schemas/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeTable } from '../route-table.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import type { Access } from './route-spec.ts';

let srv: TestServer;
const cookies = {} as Record<Role, string>;
const keys = {} as Record<'ingest' | 'read' | 'export' | 'admin', string>;

async function signIn(username: string, password: string): Promise<Response> {
  return fetch(`${srv.url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
}

beforeAll(async () => {
  srv = await startTestServer();
  const admin = { Authorization: `Bearer ${srv.adminKey}`, 'Content-Type': 'application/json' };
  for (const role of ROLES) {
    const username = `${role.toLowerCase().replace(' ', '-')}@tenant-a`;
    const created = await fetch(`${srv.url}/v1/users`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ username, password: 'correct horse battery', role }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const r = await signIn(username, 'correct horse battery');
    cookies[role] = r.headers.get('set-cookie')!.split(';')[0]!;
  }
  for (const scope of ['ingest', 'read', 'export', 'admin'] as const) {
    const r = await fetch(`${srv.url}/v1/api-keys`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ description: scope, validFor: '1y', scopes: [scope] }),
    });
    keys[scope] = ((await r.json()) as { key: string }).key;
  }
});
afterAll(() => srv.close());

type Who = Role | `key:${keyof typeof keys}`;
const ALL_KEYS: Who[] = ['key:ingest', 'key:read', 'key:export', 'key:admin'];
const EVERYONE: Who[] = [...ROLES, ...ALL_KEYS];

/** Who the table lets call a route: the key with its scope, and the roles that have every listed permission. */
function allowedBy(access: Access): Who[] {
  if (access.kind !== 'caller') return [];
  const people = access.permissions ? ROLES.filter((r) => access.permissions!.every((p) => can(r, p))) : [];
  return [...people, `key:${access.scope}`];
}

/** Every guarded route of the table; an unknown id or a refused body still shows the caller got past the guard. */
const GUARDED = routeTable()
  .filter((r) => r.access.kind === 'caller')
  .map((r) => ({
    method: r.method.toUpperCase(),
    path: r.path.replace(':id', 'sess-access-1'),
    // Bodies that fail validation: the matrix must not change what later tests read.
    body: r.body ? (r.body.records ? [] : { notAField: 1 }) : undefined,
    allowed: allowedBy(r.access),
  }));

/** The product's rules, written out by hand (seeds 000 and 001): the table must agree with them. */
const PRODUCT_RULES: { method: string; path: string; allowed: Who[] }[] = [
  { method: 'GET', path: '/v1/sessions', allowed: ['Owner', 'Admin', 'Supervisor', 'Agent', 'key:read'] },
  { method: 'GET', path: '/v1/sessions/sess-access-1', allowed: ['Owner', 'Admin', 'Supervisor', 'Agent', 'key:read'] },
  {
    method: 'GET',
    path: '/v1/sessions/sess-access-1/events',
    allowed: ['Owner', 'Admin', 'Supervisor', 'Agent', 'key:read'],
  },
  {
    method: 'GET',
    path: '/v1/sessions/sess-access-1/replay',
    allowed: ['Owner', 'Admin', 'Supervisor', 'Agent', 'key:read'],
  },
  {
    method: 'GET',
    path: '/v1/sessions/sess-access-1/live',
    allowed: ['Owner', 'Admin', 'Supervisor', 'Agent', 'key:read'],
  },
  // Co-browsing (issue 18): whoever may watch a session live may ask to join it and act once let in.
  ...(['POST', 'GET', 'DELETE'] as const).map((method) => ({
    method,
    path: '/v1/sessions/sess-access-1/cobrowse',
    allowed: ['Owner', 'Admin', 'Supervisor', 'Agent', 'key:read'] as Who[],
  })),
  {
    method: 'POST',
    path: '/v1/sessions/sess-access-1/cobrowse/actions',
    allowed: ['Owner', 'Admin', 'Supervisor', 'Agent', 'key:read'],
  },
  { method: 'GET', path: '/v1/call-logs', allowed: ['Owner', 'Supervisor', 'Bot Builder', 'key:read'] },
  { method: 'GET', path: '/v1/integrations', allowed: ['Owner', 'Supervisor', 'Bot Builder', 'key:read'] },
  { method: 'GET', path: '/v1/call-logs/facets', allowed: ['Owner', 'Supervisor', 'Bot Builder', 'key:read'] },
  { method: 'POST', path: '/v1/integrations', allowed: ['Owner', 'Admin', 'key:admin'] },
  { method: 'POST', path: '/v1/integrations/reauthorize', allowed: ['Owner', 'Bot Builder', 'key:admin'] },
  { method: 'GET', path: '/v1/audit-events', allowed: ['Owner', 'Admin', 'Supervisor', 'key:read'] },
  { method: 'GET', path: '/v1/change-audits', allowed: ['Owner', 'Admin', 'Supervisor', 'key:read'] },
  { method: 'GET', path: '/v1/change-audits/export.csv', allowed: ['Owner', 'Admin', 'key:export'] },
  { method: 'GET', path: '/v1/audit-events/export.csv', allowed: ['Owner', 'Admin', 'key:export'] },
  { method: 'GET', path: '/v1/call-logs/export.csv', allowed: ['Owner', 'key:export'] },
  { method: 'POST', path: '/v1/call-logs', allowed: ['key:ingest'] },
  { method: 'POST', path: '/v1/audit-events', allowed: ['key:ingest'] },
  { method: 'POST', path: '/v1/change-audits', allowed: ['key:ingest'] },
  { method: 'GET', path: '/v1/api-keys', allowed: ['Owner', 'Admin', 'key:admin'] },
  { method: 'POST', path: '/v1/api-keys', allowed: ['Owner', 'Admin', 'key:admin'] },
  { method: 'DELETE', path: '/v1/api-keys/sess-access-1', allowed: ['Owner', 'Admin', 'key:admin'] },
  { method: 'GET', path: '/v1/settings', allowed: ['Owner', 'Admin', 'key:admin'] },
  { method: 'PUT', path: '/v1/settings', allowed: ['Owner', 'Admin', 'key:admin'] },
  { method: 'GET', path: '/v1/users', allowed: ['Owner', 'Admin', 'key:admin'] },
  { method: 'POST', path: '/v1/users', allowed: ['Owner', 'Admin', 'key:admin'] },
  { method: 'PATCH', path: '/v1/users/sess-access-1', allowed: ['Owner', 'Admin', 'key:admin'] },
  { method: 'DELETE', path: '/v1/users/sess-access-1', allowed: ['Owner', 'Admin', 'key:admin'] },
  { method: 'POST', path: '/v1/sql', allowed: ['Owner', 'Admin', 'key:admin'] },
  { method: 'GET', path: '/v1/sql/schema', allowed: ['Owner', 'Admin', 'key:admin'] },
  { method: 'POST', path: '/v1/sql/clickhouse-user', allowed: ['Owner', 'Admin', 'key:admin'] },
  { method: 'GET', path: '/v1/integrity/verify', allowed: ['Owner', 'Admin', 'key:admin'] },
  { method: 'GET', path: '/v1/notifications/undelivered', allowed: ['Owner', 'Admin', 'key:admin'] },
  { method: 'GET', path: '/v1/archive/runs', allowed: ['Owner', 'Admin', 'key:admin'] },
  { method: 'POST', path: '/v1/archive/run', allowed: ['Owner', 'Admin', 'key:admin'] },
  { method: 'GET', path: '/v1/auth/me', allowed: [...ROLES, 'key:read'] },
  // Issue 17's overview charts: each family's aggregates for whoever may read the family.
  { method: 'GET', path: '/v1/overview/sessions', allowed: ['Owner', 'Admin', 'Supervisor', 'Agent', 'key:read'] },
  { method: 'GET', path: '/v1/overview/call-logs', allowed: ['Owner', 'Supervisor', 'Bot Builder', 'key:read'] },
  // Issue 17, finding sessions: a replay's rage and dead clicks, for whoever may see sessions.
  {
    method: 'GET',
    path: '/v1/sessions/sess-access-1/click-issues',
    allowed: ['Owner', 'Admin', 'Supervisor', 'Agent', 'key:read'],
  },
  // Issue 17's deep links: one row by id, for whoever may read its family.
  { method: 'GET', path: '/v1/audit-events/sess-access-1', allowed: ['Owner', 'Admin', 'Supervisor', 'key:read'] },
  { method: 'GET', path: '/v1/change-audits/sess-access-1', allowed: ['Owner', 'Admin', 'Supervisor', 'key:read'] },
  { method: 'GET', path: '/v1/call-logs/sess-access-1', allowed: ['Owner', 'Supervisor', 'Bot Builder', 'key:read'] },
  // Issue 17's notes on sessions: whoever may replay sessions; a key needs the admin scope to write.
  {
    method: 'GET',
    path: '/v1/sessions/sess-access-1/notes',
    allowed: ['Owner', 'Admin', 'Supervisor', 'Agent', 'key:read'],
  },
  {
    method: 'POST',
    path: '/v1/sessions/sess-access-1/notes',
    allowed: ['Owner', 'Admin', 'Supervisor', 'Agent', 'key:admin'],
  },
  {
    method: 'DELETE',
    path: '/v1/sessions/sess-access-1/notes/:noteId',
    allowed: ['Owner', 'Admin', 'Supervisor', 'Agent', 'key:admin'],
  },
  { method: 'GET', path: '/v1/heatmap', allowed: ['Owner', 'Admin', 'Supervisor', 'Agent', 'key:read'] },
];

function headersFor(who: Who): Record<string, string> {
  return who.startsWith('key:')
    ? { Authorization: `Bearer ${keys[who.slice(4) as keyof typeof keys]}` }
    : { Cookie: cookies[who as Role], Origin: srv.url };
}

describe('who may call what', () => {
  it("the route table grants what the product's rules say, for every guarded route", () => {
    const byRoute = (rs: { method: string; path: string; allowed: Who[] }[]) =>
      Object.fromEntries(rs.map((r) => [`${r.method} ${r.path}`, [...r.allowed].sort()]));
    expect(byRoute(GUARDED)).toEqual(byRoute(PRODUCT_RULES));
  });

  for (const route of GUARDED) {
    it(`${route.method} ${route.path}: ${route.allowed.join(', ')}`, async () => {
      const outcome: Record<string, boolean> = {};
      for (const who of EVERYONE) {
        const r = await fetch(`${srv.url}${route.path}`, {
          method: route.method,
          headers: { ...headersFor(who), 'Content-Type': 'application/json' },
          body: route.body === undefined ? undefined : JSON.stringify(route.body),
        });
        // Cancelled, not read: the live view's stream never ends by itself.
        await r.body?.cancel();
        outcome[who] = r.status !== 401 && r.status !== 403;
      }
      expect(outcome).toEqual(Object.fromEntries(EVERYONE.map((w) => [w, route.allowed.includes(w)])));
    });
  }

  it('refuses everyone without credentials, and a forged cookie', async () => {
    for (const route of GUARDED) {
      const anon = await fetch(`${srv.url}${route.path}`, { method: route.method });
      await anon.body?.cancel();
      expect(anon.status, route.path).toBe(401);
    }
    expect((await fetch(`${srv.url}/v1/sessions`, { headers: { Cookie: 'loupe_session=forged' } })).status).toBe(401);
  });

  it('refuses a cross-site write made with a signed-in cookie', async () => {
    const r = await fetch(`${srv.url}/v1/settings`, {
      method: 'PUT',
      headers: { Cookie: cookies.Owner, Origin: 'https://evil.example', 'Content-Type': 'application/json' },
      body: '{"archiveAfterMonths":1}',
    });
    expect(r.status).toBe(403);
  });
});

describe('sign-in', () => {
  it("sets an HttpOnly, SameSite cookie and answers with the role's permissions", async () => {
    const r = await signIn('agent@tenant-a', 'correct horse battery');
    expect(r.status).toBe(200);
    expect(r.headers.get('set-cookie')).toMatch(/loupe_session=[^;]+;.*HttpOnly.*SameSite=Strict/i);
    expect(((await r.json()) as { user: { role: string; permissions: string[] } }).user).toMatchObject({
      role: 'Agent',
      permissions: ['sessions'],
    });
  });

  it('gives one answer for an unknown user and a wrong password', async () => {
    const wrong = await signIn('agent@tenant-a', 'nope-nope-nope');
    const unknown = await signIn('nobody@tenant-a', 'nope-nope-nope');
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it('signs out: the cookie stops working', async () => {
    const r = await signIn('supervisor@tenant-a', 'correct horse battery');
    const cookie = r.headers.get('set-cookie')!.split(';')[0]!;
    expect((await fetch(`${srv.url}/v1/auth/me`, { headers: { Cookie: cookie } })).status).toBe(200);
    await fetch(`${srv.url}/v1/auth/logout`, { method: 'POST', headers: { Cookie: cookie, Origin: srv.url } });
    expect((await fetch(`${srv.url}/v1/auth/me`, { headers: { Cookie: cookie } })).status).toBe(401);
  });

  it('audits sign-ins, role changes and settings changes as general audit events', async () => {
    const agent = (await (
      await fetch(`${srv.url}/v1/users`, { headers: { Authorization: `Bearer ${srv.adminKey}` } })
    ).json()) as { items: { id: string; role: string }[] };
    const botBuilder = agent.items.find((u) => u.role === 'Bot Builder')!;
    const promoted = await fetch(`${srv.url}/v1/users/${botBuilder.id}`, {
      method: 'PATCH',
      headers: { Cookie: cookies.Owner, Origin: srv.url, 'Content-Type': 'application/json' },
      body: JSON.stringify({ role: 'Supervisor' }),
    });
    expect(promoted.status).toBe(200);
    await fetch(`${srv.url}/v1/settings`, {
      method: 'PUT',
      headers: { Cookie: cookies.Admin, Origin: srv.url, 'Content-Type': 'application/json' },
      body: JSON.stringify({ archiveAfterMonths: 3 }),
    });
    const types = async (type: string) =>
      (
        (await (
          await fetch(`${srv.url}/v1/audit-events?type=${type}`, {
            headers: { Authorization: `Bearer ${srv.adminKey}` },
          })
        ).json()) as { items: { userId: string; data: Record<string, unknown> }[] }
      ).items;
    expect((await types('LOGGED_IN')).length).toBeGreaterThanOrEqual(ROLES.length);
    expect((await types('ROLE_CHANGE'))[0]!.data).toEqual({ roleName: 'Supervisor', tenantUser: botBuilder.id });
    expect((await types('SETTINGS_CHANGE'))[0]!.data).toEqual({ settings: { archiveAfterMonths: 3 } });
  });

  it('lets only an Owner make an Owner', async () => {
    const r = await fetch(`${srv.url}/v1/users`, {
      method: 'POST',
      headers: { Cookie: cookies.Admin, Origin: srv.url, 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'coup@tenant-a', password: 'correct horse battery', role: 'Owner' }),
    });
    expect(r.status).toBe(403);
  });
});

describe('live view', () => {
  it('streams batches of a session as they are stored, and audits the join', async () => {
    const ac = new AbortController();
    const r = await fetch(`${srv.url}/v1/sessions/sess-live-01/live`, {
      headers: { Cookie: cookies.Agent },
      signal: ac.signal,
    });
    expect(r.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = r.body!.getReader();
    let text = '';
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) text += new TextDecoder().decode((await reader.read()).value);
    };
    await readUntil('event: ready');
    const batch = sampleBatch('sess-live-01', 0, Date.now() - 1000);
    // The replay as a recorder might lay it out (spaces, its own key order): it reaches the watcher as sent.
    const { replay, ...envelope } = batch;
    const replayText = `[ ${replay.map((e) => JSON.stringify({ timestamp: e.timestamp, type: e.type, data: e.data })).join(' , ')} ]`;
    await fetch(`${srv.url}/v1/ingest`, {
      method: 'POST',
      headers: { 'X-Loupe-Key': srv.siteKey, 'Content-Type': 'application/json' },
      body: `${JSON.stringify(envelope).slice(0, -1)},"replay":${replayText}}`,
    });
    await readUntil('event: batch');
    await readUntil('\n\n');
    const data = JSON.parse(/event: batch\ndata: (.*)\n/.exec(text)![1]!) as {
      seq: number;
      events: { type: string }[];
      replay: unknown[];
    };
    expect(data.events.map((e) => e.type)).toEqual(batch.events.map((e) => e.type));
    expect(data.replay).toEqual(batch.replay);
    expect(text).toContain(`"replay":${replayText}`);
    ac.abort();
    const live = (
      (await (
        await fetch(`${srv.url}/v1/audit-events?type=LIVE_VIEW`, {
          headers: { Authorization: `Bearer ${srv.adminKey}` },
        })
      ).json()) as { items: { data: unknown }[] }
    ).items;
    expect(live[0]!.data).toEqual({ sessionId: 'sess-live-01' });
  });
});

describe('api key last use', () => {
  it('is written when a key is used and shown in the key list', async () => {
    await fetch(`${srv.url}/v1/call-logs`, { headers: { Authorization: `Bearer ${keys.read}` } });
    let shown: string | null = null;
    for (let i = 0; i < 50 && !shown; i++) {
      const list = (await (
        await fetch(`${srv.url}/v1/api-keys`, { headers: { Authorization: `Bearer ${srv.adminKey}` } })
      ).json()) as { items: { description: string; lastUsedAt: string | null }[] };
      shown = list.items.find((k) => k.description === 'read')!.lastUsedAt;
      if (!shown) await new Promise((r) => setTimeout(r, 20));
    }
    expect(Date.now() - Date.parse(shown!)).toBeLessThan(60_000);
  });
});
