import { ROLES, covers, permissionsOf, type KeyScope, type Permission, type Role } from '@loupe/schemas';
import { sampleCallLog } from '@loupe/schemas/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, signIn, type Credential } from '../testing/http-client.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

/**
 * Issue 12, findings 4 and 5: an Admin minted an admin key and with it made an Owner, promoted
 * itself, or set the Owner's password and signed in as the Owner; and read call logs through a
 * read key it made. Here every way an Admin, Supervisor, Bot Builder or Agent could reach above
 * its role (each route, with its cookie and with every key it can make) is tried on a real
 * collector with two tenants, and each must be refused; an Owner doing the same succeeds.
 */
const PASSWORD = 'correct horse battery';
const ATTACKER_PASSWORD = 'the attacker knows this one';
const ATTACKERS = ['Admin', 'Supervisor', 'Bot Builder', 'Agent'] as const satisfies Role[];
const SCOPE_SETS: KeyScope[][] = [['admin'], ['read'], ['export'], ['ingest'], ['ingest', 'read', 'export', 'admin']];
const slug = (r: Role) => r.toLowerCase().replace(' ', '-');

let srv: TestServer;
let owner: Credential;
let otherTenant: Credential;
const ids: Record<string, string> = {};
const cookies = {} as Record<Role, string>;
let bootstrapKeyId: string;

/** Every route of a permission family, read or written, that a role without the family must not reach. */
const FAMILY_ROUTES: Record<Permission, { method: string; path: string; body?: unknown }[]> = {
  sessions: [
    { method: 'GET', path: '/v1/sessions' },
    { method: 'GET', path: '/v1/sessions/s-1/replay' },
  ],
  callLogs: [
    { method: 'GET', path: '/v1/call-logs' },
    { method: 'GET', path: '/v1/call-logs/export.csv' },
    { method: 'GET', path: '/v1/integrations' },
  ],
  reauthorize: [{ method: 'POST', path: '/v1/integrations/reauthorize', body: { name: 'HubSpot' } }],
  audit: [
    { method: 'GET', path: '/v1/audit-events' },
    { method: 'GET', path: '/v1/change-audits' },
    { method: 'GET', path: '/v1/audit-events/export.csv' },
  ],
  admin: [
    { method: 'GET', path: '/v1/users' },
    { method: 'GET', path: '/v1/api-keys' },
    { method: 'GET', path: '/v1/settings' },
    { method: 'PUT', path: '/v1/settings', body: { archiveAfterMonths: 1 } },
    { method: 'GET', path: '/v1/integrity/verify' },
    { method: 'GET', path: '/v1/archive/runs' },
    { method: 'POST', path: '/v1/sql', body: { query: 'SELECT count() FROM sessions' } },
  ],
};

async function createUser(username: string, role: Role, password = PASSWORD): Promise<string> {
  const r = await call(srv.url, 'POST', '/v1/users', owner, { username, password, role });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  ids[username] = r.body.id as string;
  return ids[username];
}

async function mintKey(who: Credential, scopes: KeyScope[]): Promise<string> {
  const r = await call(srv.url, 'POST', '/v1/api-keys', who, {
    description: `scopes ${scopes.join('+')}`,
    validFor: '1y',
    scopes,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.key as string;
}

beforeAll(async () => {
  srv = await startTestServer();
  owner = { key: srv.adminKey };
  otherTenant = { key: (await srv.addTenant('tenant-b')).adminKey };
  for (const role of ROLES) {
    await createUser(slug(role), role);
    await createUser(`victim-${slug(role)}`, role);
    cookies[role] = (await signIn(srv.url, slug(role), PASSWORD))!;
  }
  const keys = (await call(srv.url, 'GET', '/v1/api-keys', owner)).body.items as { id: string; description: string }[];
  bootstrapKeyId = keys.find((k) => k.description === 'Admin key made at set-up')!.id;
  // A call log of tenant A, so a read that got through would have something to show.
  const stored = await call(
    srv.url,
    'POST',
    '/v1/call-logs',
    owner,
    sampleCallLog(Date.now() - 1000, { response: 'the-secret-response' }),
  );
  expect(stored.status, JSON.stringify(stored.body)).toBe(202);
});
afterAll(() => srv.close());

/** Every credential a role can hold: its cookie, and each key it can make, directly or through a key it made. */
async function credentialsOf(role: Role): Promise<{ label: string; who: Credential; scopes: KeyScope[] | 'all' }[]> {
  const cookie: Credential = { cookie: cookies[role] };
  const creds: { label: string; who: Credential; scopes: KeyScope[] | 'all' }[] = [
    { label: 'cookie', who: cookie, scopes: 'all' },
  ];
  if (!permissionsOf(role).includes('admin')) return creds;
  for (const scopes of SCOPE_SETS)
    creds.push({ label: `key[${scopes}]`, who: { key: await mintKey(cookie, scopes) }, scopes });
  const allScopes = creds.at(-1)!.who;
  creds.push({
    label: 'key[read] made by its key[all]',
    who: { key: await mintKey(allScopes, ['read']) },
    scopes: ['read'],
  });
  return creds;
}

interface Attempt {
  what: string;
  method: string;
  path: string;
  body?: unknown;
}

/** Everything above `role`'s ceiling, as requests. */
function attacksAbove(role: Role, scopes: KeyScope[] | 'all'): Attempt[] {
  const above = ROLES.filter((r) => !covers(role, r));
  const self = ids[slug(role)]!;
  const attempts: Attempt[] = [];
  for (const r of above) {
    const victim = ids[`victim-${slug(r)}`]!;
    attempts.push(
      {
        what: `create a ${r}`,
        method: 'POST',
        path: '/v1/users',
        body: { username: `made-${slug(role)}-${slug(r)}-${attempts.length}`, password: ATTACKER_PASSWORD, role: r },
      },
      { what: `promote itself to ${r}`, method: 'PATCH', path: `/v1/users/${self}`, body: { role: r } },
      {
        what: `set a ${r}'s password`,
        method: 'PATCH',
        path: `/v1/users/${victim}`,
        body: { password: ATTACKER_PASSWORD },
      },
      {
        what: `change a ${r}'s e-mail`,
        method: 'PATCH',
        path: `/v1/users/${victim}`,
        body: { email: 'attacker@evil.example' },
      },
      { what: `demote a ${r}`, method: 'PATCH', path: `/v1/users/${victim}`, body: { role: 'Agent' } },
      { what: `delete a ${r}`, method: 'DELETE', path: `/v1/users/${victim}` },
    );
  }
  if (!covers(role, 'Owner'))
    attempts.push({ what: "revoke the Owner's set-up key", method: 'DELETE', path: `/v1/api-keys/${bootstrapKeyId}` });
  for (const [family, routes] of Object.entries(FAMILY_ROUTES) as [Permission, Attempt[]][]) {
    if (permissionsOf(role).includes(family)) continue;
    for (const route of routes) attempts.push({ ...route, what: `${route.method} ${route.path} (${family})` });
  }
  if (!permissionsOf(role).includes('admin')) {
    attempts.push({
      what: 'mint a key',
      method: 'POST',
      path: '/v1/api-keys',
      body: { description: 'x', validFor: '1y', scopes: ['read'] },
    });
  } else if (scopes !== 'all') {
    for (const scope of SCOPE_SETS.at(-1)!.filter((sc) => !scopes.includes(sc))) {
      attempts.push({
        what: `mint a key with the ${scope} scope it lacks`,
        method: 'POST',
        path: '/v1/api-keys',
        body: { description: 'x', validFor: '1y', scopes: [scope] },
      });
    }
  }
  return attempts;
}

describe('roles are a ceiling on everything', () => {
  it('refuses every way an Admin, Supervisor, Bot Builder or Agent could reach above its role, with a cookie or any key it makes', async () => {
    const gotThrough: string[] = [];
    let tried = 0;
    for (const role of ATTACKERS) {
      for (const { label, who, scopes } of await credentialsOf(role)) {
        for (const a of attacksAbove(role, scopes)) {
          tried++;
          const r = await call(srv.url, a.method, a.path, who, a.body);
          if (r.status !== 401 && r.status !== 403)
            gotThrough.push(`${role} ${label}: ${a.what} -> ${r.status} ${JSON.stringify(r.body).slice(0, 120)}`);
        }
      }
    }
    expect(gotThrough).toEqual([]);
    expect(tried).toBeGreaterThan(250);

    // Nothing changed: the victims keep their roles and passwords, the attackers theirs.
    const users = (await call(srv.url, 'GET', '/v1/users', owner)).body.items as {
      username: string;
      role: Role;
      email: string | null;
    }[];
    for (const role of ROLES) {
      expect(
        users.find((u) => u.username === `victim-${slug(role)}`),
        role,
      ).toMatchObject({ role, email: null });
      expect(users.find((u) => u.username === slug(role))!.role).toBe(role);
    }
    expect(users.filter((u) => u.username.startsWith('made-'))).toEqual([]);
    expect(await signIn(srv.url, 'victim-owner', ATTACKER_PASSWORD)).toBeNull();
    expect(await signIn(srv.url, 'victim-owner', PASSWORD)).not.toBeNull();
  });

  it("stops the issue's own attack: an Admin's admin key makes no Owner, promotes no one, and sets no Owner's password", async () => {
    const adminKey: Credential = { key: await mintKey({ cookie: cookies.Admin }, ['admin']) };
    const made = await call(srv.url, 'POST', '/v1/users', adminKey, {
      username: 'coup',
      password: ATTACKER_PASSWORD,
      role: 'Owner',
    });
    expect(made).toMatchObject({ status: 403, body: { error: { code: 'ABOVE_YOUR_ROLE' } } });
    expect((await call(srv.url, 'PATCH', `/v1/users/${ids.admin}`, adminKey, { role: 'Owner' })).status).toBe(403);
    expect(
      (await call(srv.url, 'PATCH', `/v1/users/${ids.owner}`, adminKey, { password: ATTACKER_PASSWORD })).status,
    ).toBe(403);
    expect(await signIn(srv.url, 'owner', ATTACKER_PASSWORD)).toBeNull();
    // What an Admin holds, it may still hand out: an Agent, another Admin, a key of its own.
    expect(
      (await call(srv.url, 'POST', '/v1/users', adminKey, { username: 'new-agent', password: PASSWORD, role: 'Agent' }))
        .status,
    ).toBe(201);
    expect(
      (await call(srv.url, 'POST', '/v1/users', adminKey, { username: 'new-admin', password: PASSWORD, role: 'Admin' }))
        .status,
    ).toBe(201);
  });

  it("keeps an Admin's read and export keys out of call logs (seed 001), though their scopes would allow it", async () => {
    const read: Credential = { key: await mintKey({ cookie: cookies.Admin }, ['read']) };
    const exp: Credential = { key: await mintKey({ cookie: cookies.Admin }, ['export']) };
    const refused = await call(srv.url, 'GET', '/v1/call-logs', read);
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    expect(JSON.stringify(refused.body)).not.toContain('secret');
    expect((await call(srv.url, 'GET', '/v1/call-logs/export.csv', exp)).status).toBe(403);
    // The same key reads what an Admin may.
    expect((await call(srv.url, 'GET', '/v1/audit-events', read)).status).toBe(200);
    // An Owner's read key reads call logs: the refusal is the role, not the scope.
    const ownerRead = await call(srv.url, 'GET', '/v1/call-logs', {
      key: await mintKey({ cookie: cookies.Owner }, ['read']),
    });
    expect(JSON.stringify(ownerRead.body)).toContain('the-secret-response');
  });

  it('lets an Owner do each of these, so the refusals above are the ceiling and not a broken route', async () => {
    const ownerCookie: Credential = { cookie: cookies.Owner };
    const ownerKey: Credential = { key: await mintKey(ownerCookie, ['admin']) };
    const supervisor = await createUser('owner-target-supervisor', 'Supervisor');
    expect(
      (
        await call(srv.url, 'POST', '/v1/users', ownerKey, {
          username: 'second-owner',
          password: PASSWORD,
          role: 'Owner',
        })
      ).status,
    ).toBe(201);
    expect(
      (await call(srv.url, 'PATCH', `/v1/users/${supervisor}`, ownerKey, { password: 'a brand new password' })).status,
    ).toBe(200);
    expect(await signIn(srv.url, 'owner-target-supervisor', 'a brand new password')).not.toBeNull();
    expect((await call(srv.url, 'PATCH', `/v1/users/${supervisor}`, ownerCookie, { role: 'Bot Builder' })).status).toBe(
      200,
    );
  });

  it("keeps one tenant's admin away from another tenant's users", async () => {
    for (const role of ROLES) {
      const victim = ids[`victim-${slug(role)}`]!;
      expect(
        (await call(srv.url, 'PATCH', `/v1/users/${victim}`, otherTenant, { password: ATTACKER_PASSWORD })).status,
      ).toBe(404);
      expect((await call(srv.url, 'DELETE', `/v1/users/${victim}`, otherTenant)).status).toBe(404);
    }
    expect((await call(srv.url, 'DELETE', `/v1/api-keys/${bootstrapKeyId}`, otherTenant)).status).toBe(404);
  });
});

describe('keys belong to their maker', () => {
  type Listed = {
    id: string;
    prefix: string;
    createdBy: { userId: string | null; username: string | null; role: Role };
  };
  const keyList = async () => (await call(srv.url, 'GET', '/v1/api-keys', owner)).body.items as Listed[];

  it('shows who made each key and the role it acts with', async () => {
    const id = await createUser('lister', 'Admin');
    const made = await call(
      srv.url,
      'POST',
      '/v1/api-keys',
      { cookie: (await signIn(srv.url, 'lister', PASSWORD))! },
      { description: 'ci', validFor: '1y' },
    );
    const listed = (await keyList()).find((k) => k.id === made.body.id)!;
    expect(listed.createdBy).toEqual({ userId: id, username: 'lister', role: 'Admin' });
    expect((await keyList()).find((k) => k.id === bootstrapKeyId)!.createdBy).toEqual({
      userId: null,
      username: null,
      role: 'Owner',
    });
  });

  it('dies with its user, and so do the keys its own keys made', async () => {
    await createUser('leaver', 'Admin');
    const cookie: Credential = { cookie: (await signIn(srv.url, 'leaver', PASSWORD))! };
    const all: Credential = { key: await mintKey(cookie, ['admin', 'read']) };
    const child: Credential = { key: await mintKey(all, ['read']) };
    expect((await call(srv.url, 'GET', '/v1/users', all)).status).toBe(200);
    expect((await call(srv.url, 'GET', '/v1/sessions', child)).status).toBe(200);
    expect((await call(srv.url, 'DELETE', `/v1/users/${ids.leaver}`, owner)).status).toBe(204);
    expect((await call(srv.url, 'GET', '/v1/users', all)).status).toBe(401);
    expect((await call(srv.url, 'GET', '/v1/sessions', child)).status).toBe(401);
    expect((await call(srv.url, 'GET', '/v1/auth/me', cookie)).status).toBe(401);
  });

  it("dies when its user is moved to a role that does not hold the key's, and stays dead after a promotion back", async () => {
    await createUser('demoted', 'Admin');
    const key: Credential = {
      key: await mintKey({ cookie: (await signIn(srv.url, 'demoted', PASSWORD))! }, ['admin', 'read']),
    };
    expect((await call(srv.url, 'GET', '/v1/settings', key)).status).toBe(200);
    expect((await call(srv.url, 'PATCH', `/v1/users/${ids.demoted}`, owner, { role: 'Agent' })).status).toBe(200);
    expect((await call(srv.url, 'GET', '/v1/sessions', key)).status).toBe(401);
    expect((await call(srv.url, 'PATCH', `/v1/users/${ids.demoted}`, owner, { role: 'Admin' })).status).toBe(200);
    expect((await call(srv.url, 'GET', '/v1/settings', key)).status).toBe(401);
  });

  it('makes, through a key, no key that outlives it', async () => {
    const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const short = await call(
      srv.url,
      'POST',
      '/v1/api-keys',
      { cookie: cookies.Admin },
      { description: 'a week', validFor: 'custom', expiresAt: inAWeek, scopes: ['admin'] },
    );
    const weekKey: Credential = { key: short.body.key as string };
    const longer = await call(srv.url, 'POST', '/v1/api-keys', weekKey, {
      description: 'a year',
      validFor: '1y',
      scopes: ['admin'],
    });
    expect(longer).toMatchObject({ status: 201, body: { expiresAt: short.body.expiresAt } });
    const sooner = new Date(Date.now() + 86_400_000).toISOString();
    const shorter = await call(srv.url, 'POST', '/v1/api-keys', weekKey, {
      description: 'a day',
      validFor: 'custom',
      expiresAt: sooner,
      scopes: ['admin'],
    });
    expect(shorter.body.expiresAt).toBe(sooner);
  });

  it('audits key creation and revocation and password changes, never with the key or password itself', async () => {
    const made = await call(
      srv.url,
      'POST',
      '/v1/api-keys',
      { cookie: cookies.Owner },
      { description: 'audited', validFor: '1y' },
    );
    expect((await call(srv.url, 'DELETE', `/v1/api-keys/${made.body.id}`, { cookie: cookies.Owner })).status).toBe(204);
    const target = await createUser('audited-user', 'Agent');
    expect(
      (
        await call(
          srv.url,
          'PATCH',
          `/v1/users/${target}`,
          { cookie: cookies.Owner },
          { password: 'audited new password' },
        )
      ).status,
    ).toBe(200);
    const events = (await call(srv.url, 'GET', '/v1/audit-events?type=SETTINGS_CHANGE&limit=100', owner)).body
      .items as { userId: string; data: { settings: Record<string, { id?: string; tenantUser?: string }> } }[];
    const find = (what: string, match: (v: { id?: string; tenantUser?: string }) => boolean) =>
      events.find((e) => e.data.settings[what] && match(e.data.settings[what]!));
    expect(find('apiKeyCreated', (v) => v.id === made.body.id)?.userId).toBe(ids.owner);
    expect(find('apiKeyRevoked', (v) => v.id === made.body.id)?.userId).toBe(ids.owner);
    expect(find('passwordChanged', (v) => v.tenantUser === target)?.userId).toBe(ids.owner);
    const text = JSON.stringify(events);
    expect(text).not.toContain(made.body.key as string);
    expect(text).not.toContain('audited new password');
  });
});
