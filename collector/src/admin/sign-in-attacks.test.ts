import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, signIn, type Credential } from '../testing/http-client.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

/**
 * Issue 12, finding 11, against a real collector with two tenants. Addresses are told apart by
 * X-Forwarded-For (LOUPE_TRUST_PROXY on), as a collector behind a proxy sees them.
 */
const PASSWORD = 'correct horse battery';
let srv: TestServer;
let owner: Credential;
let otherTenant: Credential;
let addressCount = 0;
/** A fresh client address, so one test's attempts do not throttle another's. */
const newAddress = () => `198.51.100.${++addressCount}`;
const from = (address: string) => ({ 'X-Forwarded-For': address });

async function attempt(
  username: string,
  password: string,
  address: string,
  tenant?: string,
): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const r = await fetch(`${srv.url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...from(address) },
    body: JSON.stringify({ username, password, ...(tenant ? { tenant } : {}) }),
  });
  await r.arrayBuffer();
  return { status: r.status, ms: performance.now() - started };
}

async function createUser(who: Credential, username: string, password = PASSWORD): Promise<string> {
  const r = await call(srv.url, 'POST', '/v1/users', who, { username, password, role: 'Agent' });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as string;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

beforeAll(async () => {
  srv = await startTestServer({ LOUPE_TRUST_PROXY: true });
  owner = { key: srv.adminKey };
  otherTenant = { key: (await srv.addTenant('tenant-b')).adminKey };
});
afterAll(() => srv.close());

describe('sign-in cannot be probed by timing', () => {
  it('costs an unknown name what a known name with a wrong password costs', async () => {
    const known = ['timing-1', 'timing-2', 'timing-3', 'timing-4', 'timing-5'];
    for (const u of known) await createUser(owner, u);
    const wrong: number[] = [];
    const unknown: number[] = [];
    // Interleaved, each from its own address and at most four tries a name, so no throttle adds time.
    for (let round = 0; round < 4; round++) {
      for (const [i, u] of known.entries()) {
        const w = await attempt(u, 'not the password', newAddress());
        const n = await attempt(`nobody-${round}-${i}`, 'not the password', newAddress());
        expect([w.status, n.status]).toEqual([401, 401]);
        wrong.push(w.ms);
        unknown.push(n.ms);
      }
    }
    // Before the fix: 79-138 ms against 4-21 ms, a ratio of 5 or more. Both now run one scrypt.
    const ratio = median(wrong) / median(unknown);
    expect(ratio, `wrong ${median(wrong).toFixed(1)} ms, unknown ${median(unknown).toFixed(1)} ms`).toBeGreaterThan(
      0.5,
    );
    expect(ratio).toBeLessThan(2);
  });
});

describe('sign-in throttling', () => {
  it("refuses a guesser's address after ten wrong passwords, while the real user signs in from theirs", async () => {
    await createUser(owner, 'guessed');
    const attacker = newAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) statuses.push((await attempt('guessed', `guess-${i}`, attacker)).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual(Array(4).fill(429));
    // Even the right password from the attacker's address waits: the address is what is limited...
    expect((await attempt('guessed', PASSWORD, attacker)).status).toBe(429);
    // ...and the victim, from their own, is not locked out.
    expect((await attempt('guessed', PASSWORD, newAddress())).status).toBe(200);
  });

  it('meets a limit when one address sprays many names', async () => {
    const sprayer = newAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await attempt(`sprayed-${i}`, 'Winter2026!', sprayer)).status);
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(401));
    // The address is forgiven one failure every two seconds, so a slow run may squeeze one more in.
    expect(statuses.slice(30).filter((s) => s === 429).length).toBeGreaterThanOrEqual(5);
  });

  it('only slows, never refuses, a name guessed from many addresses, and the real user still gets in', async () => {
    await createUser(owner, 'botnet-target');
    for (let i = 0; i < 12; i++) expect((await attempt('botnet-target', `guess-${i}`, newAddress())).status).toBe(401);
    // Past ten failures everywhere, each attempt at the name waits (0.5 s, then 1 s, ... at most 8 s).
    const slowed = await attempt('botnet-target', 'guess-13', newAddress());
    expect(slowed.status).toBe(401);
    expect(slowed.ms).toBeGreaterThan(400);
    const real = await attempt('botnet-target', PASSWORD, newAddress());
    expect(real.status).toBe(200);
    // A success forgives the name: the next sign-in is not slowed.
    expect((await attempt('botnet-target', PASSWORD, newAddress())).ms).toBeLessThan(slowed.ms);
  });
});

describe('usernames are per tenant', () => {
  it("tells no tenant's admin whether another tenant has a name", async () => {
    await createUser(owner, 'shared-name', 'tenant a password');
    // Tenant B's admin picks the same name: made, not 409, so B learns nothing of A.
    const inB = await createUser(otherTenant, 'shared-name', 'tenant b password');
    // Within one tenant a name is still unique.
    const again = await call(srv.url, 'POST', '/v1/users', otherTenant, {
      username: 'shared-name',
      password: PASSWORD,
      role: 'Agent',
    });
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'USERNAME_TAKEN' } } });
    // Each signs in to their own tenant; without a tenant, the default one (tenant-a here) is meant.
    const b = await signIn(srv.url, 'shared-name', 'tenant b password', 'tenant-b', from(newAddress()));
    const me = await call(srv.url, 'GET', '/v1/auth/me', { cookie: b! });
    expect((me.body.user as { id: string }).id).toBe(inB);
    expect(await signIn(srv.url, 'shared-name', 'tenant a password', undefined, from(newAddress()))).not.toBeNull();
    expect(await signIn(srv.url, 'shared-name', 'tenant b password', undefined, from(newAddress()))).toBeNull();
    expect(await signIn(srv.url, 'shared-name', 'tenant a password', 'tenant-b', from(newAddress()))).toBeNull();
  });
});

describe('sessions', () => {
  it('ends every session of a user whose password is changed, and the new password works', async () => {
    const id = await createUser(owner, 'changer');
    const one = (await signIn(srv.url, 'changer', PASSWORD, undefined, from(newAddress())))!;
    const two = (await signIn(srv.url, 'changer', PASSWORD, undefined, from(newAddress())))!;
    expect((await call(srv.url, 'GET', '/v1/auth/me', { cookie: one })).status).toBe(200);
    expect((await call(srv.url, 'PATCH', `/v1/users/${id}`, owner, { password: 'a new long password' })).status).toBe(
      200,
    );
    expect((await call(srv.url, 'GET', '/v1/auth/me', { cookie: one })).status).toBe(401);
    expect((await call(srv.url, 'GET', '/v1/auth/me', { cookie: two })).status).toBe(401);
    expect(await signIn(srv.url, 'changer', PASSWORD, undefined, from(newAddress()))).toBeNull();
    expect(await signIn(srv.url, 'changer', 'a new long password', undefined, from(newAddress()))).not.toBeNull();
  });
});

describe('cross-site writes with a cookie', () => {
  let cookie: string;
  beforeAll(async () => {
    await call(srv.url, 'POST', '/v1/users', owner, { username: 'csrf-owner', password: PASSWORD, role: 'Owner' });
    cookie = (await signIn(srv.url, 'csrf-owner', PASSWORD, undefined, from(newAddress())))!;
  });
  const put = (headers: Record<string, string>, contentType = 'text/plain') =>
    fetch(`${srv.url}/v1/settings`, {
      method: 'PUT',
      headers: { Cookie: cookie, 'Content-Type': contentType, ...headers },
      body: '{"archiveAfterMonths":7}',
    });
  const archiveAfter = async () =>
    (await call(srv.url, 'GET', '/v1/settings', owner)).body.archiveAfterMonths as number;

  it('refuses a text/plain PUT /v1/settings with no Origin (answered 200 before), and every other cross-site form of it', async () => {
    const forms: Record<string, string>[] = [
      {},
      { Origin: 'https://evil.example' },
      { Origin: 'null' },
      { 'Sec-Fetch-Site': 'cross-site' },
      { 'Sec-Fetch-Site': 'same-site' },
    ];
    for (const headers of forms) {
      for (const type of [
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/json',
      ]) {
        const r = await put(headers, type);
        expect(r.status, `${JSON.stringify(headers)} ${type}`).toBe(403);
        expect(((await r.json()) as { error: { code: string } }).error.code).toBe('CROSS_SITE');
      }
    }
    expect(await archiveAfter()).toBe(0);
    const del = await fetch(`${srv.url}/v1/users/${'x'.repeat(8)}`, { method: 'DELETE', headers: { Cookie: cookie } });
    expect(del.status).toBe(403);
    // Nor can a cross-site page sign the viewer out.
    await fetch(`${srv.url}/v1/auth/logout`, { method: 'POST', headers: { Cookie: cookie } });
    expect((await call(srv.url, 'GET', '/v1/auth/me', { cookie })).status).toBe(200);
  });

  it("refuses a sign-in posted by another site's page (login CSRF), and takes one from ours or from a script", async () => {
    const login = (headers: Record<string, string>) =>
      signIn(srv.url, 'csrf-owner', PASSWORD, undefined, { ...from(newAddress()), ...headers });
    expect(await login({ Origin: 'https://evil.example' })).toBeNull();
    expect(await login({ 'Sec-Fetch-Site': 'cross-site' })).toBeNull();
    expect(await login({ Origin: srv.url })).not.toBeNull();
    expect(await login({})).not.toBeNull();
  });

  it("takes the viewer's own writes: its Origin, or Sec-Fetch-Site: same-origin", async () => {
    expect((await put({ Origin: srv.url }, 'application/json')).status).toBe(200);
    expect(await archiveAfter()).toBe(7);
    expect((await put({ 'Sec-Fetch-Site': 'same-origin' }, 'application/json')).status).toBe(200);
  });
});
