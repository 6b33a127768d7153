import { ANALYST_SCHEMA } from '@loupe/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { ANALYST_TABLES } from './analyst-tables.ts';

let srv: TestServer;
let adminCookie: string;

type Answer = { status: number; body: Record<string, unknown> & { error?: { code: string; message: string } } };

async function call(method: string, path: string, auth: { key?: string; cookie?: string }, body?: unknown) {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (auth.key) headers.Authorization = `Bearer ${auth.key}`;
  if (auth.cookie) Object.assign(headers, { Cookie: auth.cookie, Origin: srv.url });
  const r = await fetch(`${srv.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, body: await r.json() } as Answer;
}
const sql = (query: string, auth: { key?: string; cookie?: string } = { key: srv.adminKey }) =>
  call('POST', '/v1/sql', auth, { query });

beforeAll(async () => {
  srv = await startTestServer();
  const user = { username: 'admin@schema', password: 'correct horse battery', role: 'Admin' };
  expect((await call('POST', '/v1/users', { key: srv.adminKey }, user)).status).toBe(201);
  const r = await fetch(`${srv.url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: user.username, password: user.password }),
  });
  adminCookie = r.headers.get('set-cookie')!.split(';')[0]!;
});
afterAll(() => srv?.close());

describe('GET /v1/sql/schema', () => {
  it('lists every analyst table with each column’s type and a description', async () => {
    const { status, body } = await call('GET', '/v1/sql/schema', { key: srv.adminKey });
    expect(status).toBe(200);
    const tables = body.tables as { name: string; description: string; columns: Record<string, string>[] }[];
    expect(tables.map((t) => t.name)).toEqual(ANALYST_TABLES);
    for (const t of tables) {
      expect(t.description.length, t.name).toBeGreaterThan(10);
      for (const c of t.columns)
        expect(
          Object.values(c).every((v) => v.length > 0),
          JSON.stringify(c),
        ).toBe(true);
    }
    const sessions = tables.find((t) => t.name === 'sessions')!;
    expect(sessions.columns.map((c) => c.type).join()).not.toMatch(/AggregateFunction/);
  });

  it("names only the tables the caller's role may read: no call logs for an Admin", async () => {
    const { body } = await call('GET', '/v1/sql/schema', { cookie: adminCookie });
    const names = (body.tables as { name: string }[]).map((t) => t.name);
    expect(names).not.toContain('call_logs');
    expect(names).toContain('sessions');
  });
});

describe('DESCRIBE and SHOW TABLES through POST /v1/sql', () => {
  it('describes an analyst table with the columns SELECT * gives, however it is written', async () => {
    const declared = ANALYST_SCHEMA.find((t) => t.name === 'sessions')!.columns;
    for (const q of ['DESCRIBE sessions', 'desc table `sessions`;', '/* hi */ DESCRIBE TABLE sessions']) {
      const { status, body } = await sql(q);
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body.items).toEqual(declared.map((c) => ({ name: c.name, type: c.type, comment: c.description })));
    }
    const star = await sql('SELECT * FROM sessions LIMIT 0');
    const described = await sql('DESCRIBE sessions');
    expect((star.body.columns as { name: string }[]).map((c) => c.name)).toEqual(
      (described.body.items as { name: string }[]).map((c) => c.name),
    );
  });

  it('shows the analyst tables, and only those open to the role', async () => {
    const owner = await sql('SHOW TABLES');
    expect(owner.body.items).toEqual([...ANALYST_TABLES].sort().map((name) => ({ name })));
    const admin = await sql('show tables', { cookie: adminCookie });
    expect((admin.body.items as { name: string }[]).map((r) => r.name)).not.toContain('call_logs');
    expect((await sql('DESCRIBE call_logs', { cookie: adminCookie })).body.error?.code).toBe('TABLE_FORBIDDEN');
  });

  it.each([
    'DESCRIBE api_keys',
    'DESCRIBE default.sessions',
    'DESCRIBE ingest_batches',
    'DESCRIBE (SELECT * FROM api_keys)',
    'DESCRIBE system.users',
    'SHOW DATABASES',
    'SHOW CREATE TABLE sessions',
    'SHOW TABLES FROM system',
    'SHOW GRANTS',
  ])('refuses %s, naming what is allowed', async (q) => {
    const { status, body } = await sql(q);
    expect(status).toBe(400);
    expect(body.error?.code).toBe('SQL_REJECTED');
    expect(JSON.stringify(body)).not.toMatch(/key_hash|token_hash/);
  });
});

describe('POST /v1/sql/clickhouse-user', () => {
  it('answers 501 SERVER_MODE_ONLY on the embedded engine, which has no users', async () => {
    const { status, body } = await call('POST', '/v1/sql/clickhouse-user', { key: srv.adminKey });
    expect(status).toBe(501);
    expect(body.error?.code).toBe('SERVER_MODE_ONLY');
    expect(body.error?.message).toMatch(/CLICKHOUSE_URL/);
  });
});
