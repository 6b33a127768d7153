import { SEED_CHANGE_AUDITS, sampleAuditEvents, sampleCallLog } from '@loupe/schemas/fixtures';
import { readFileSync } from 'node:fs';
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
const post = (path: string, key: string, body: unknown) =>
  call(path, key, { method: 'POST', body: JSON.stringify(body) });
const items = async <T = Record<string, unknown>>(r: Response) =>
  (await r.json()) as { items: T[]; next: string | null };
const withoutMeta = ({ id: _i, keyId: _k, status: _s, ...rest }: Record<string, unknown>) => rest;
const iso = (ms: number) => new Date(ms).toISOString();

/** Seed 000's CSV, as the document prints it (copied from the seed into fixtures/). */
const SEED_CSV = readFileSync(new URL('./fixtures/seed-000-change-audits.csv', import.meta.url), 'utf8');

describe('change audits', () => {
  it('stores the seed rows, reads them back identical and exports the seed CSV byte for byte', async () => {
    const r = await post(
      '/v1/change-audits',
      srv.adminKey,
      SEED_CHANGE_AUDITS.map((c) => ({ ...c, actionDate: iso(c.actionDate) })),
    );
    expect(r.status).toBe(202);
    expect(await r.json()).toMatchObject({ stored: 3 });

    const read = await items(await call('/v1/change-audits?from=2022-11-01&to=2022-11-01', srv.adminKey));
    expect(read.items.map(withoutMeta)).toEqual(
      SEED_CHANGE_AUDITS.map((c) => ({ ...c, actionDate: iso(c.actionDate) })).reverse(),
    );

    const csv = await call('/v1/change-audits/export.csv?from=2022-11-01&to=2022-11-02', srv.adminKey);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(await csv.text()).toBe(SEED_CSV);
  });

  it('filters the export by facility and origin as the seed describes', async () => {
    const extra = {
      ...SEED_CHANGE_AUDITS[0]!,
      facility: 'Data permissions',
      origin: 'TCMC',
      field: 'Role',
      actionDate: '2022-11-01T15:00:00Z',
    };
    await post('/v1/change-audits', srv.adminKey, extra);
    const ext = await (await call('/v1/change-audits/export.csv?origin=ExternalAPI', srv.adminKey)).text();
    expect(ext.trim().split('\n')).toEqual([
      'Facility,Username,Field,Before,After,Action Date,Action,Origin',
      'Channels,Administrator,Description,,Test,2022-11-01 14:29:53,Add,ExternalAPI',
    ]);
    const perms = await (await call('/v1/change-audits/export.csv?facility=Data%20permissions', srv.adminKey)).text();
    expect(perms.trim().split('\n')[1]).toBe('Data permissions,Administrator,Role,,Smoke,2022-11-01 15:00:00,Add,TCMC');
  });

  it('neutralises cells a spreadsheet would run as formulas', async () => {
    await post('/v1/change-audits', srv.adminKey, {
      ...SEED_CHANGE_AUDITS[0]!,
      actionDate: '2022-10-05T00:00:00Z',
      before: '=HYPERLINK("http://x","y")',
      after: '+1, "quoted"',
      field: '@SUM(A1)',
    });
    const csv = await (await call('/v1/change-audits/export.csv?from=2022-10-05&to=2022-10-05', srv.adminKey)).text();
    expect(csv.split('\n')[1]).toBe(
      `Channels,Administrator,'@SUM(A1),"'=HYPERLINK(""http://x"",""y"")","'+1, ""quoted""",2022-10-05 00:00:00,Add,KPICHAT`,
    );
  });

  it('streams an export larger than one page with every row once, oldest first', async () => {
    const rows = Array.from({ length: 2_500 }, (_, i) => ({
      ...SEED_CHANGE_AUDITS[0]!,
      field: `F${i}`,
      actionDate: iso(Date.UTC(2021, 0, 1) + i * 1000),
    }));
    expect((await post('/v1/change-audits', srv.adminKey, rows)).status).toBe(202);
    const csv = await (await call('/v1/change-audits/export.csv?from=2021-01-01&to=2021-01-31', srv.adminKey)).text();
    const fields = csv
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[2]);
    expect(fields).toEqual(rows.map((r) => r.field));
  });
});

describe('call logs', () => {
  const now = Date.now();
  const logs = [
    sampleCallLog(now - 4000),
    sampleCallLog(now - 3000, { statusCode: 500, bot: 'Sales bot', method: 'GET' }),
    sampleCallLog(now - 2000, { statusCode: 0, response: '' }),
    sampleCallLog(now - 1000, { statusCode: 401, method: 'C2E', bot: 'Sales bot' }),
  ];

  it('reads back what was posted with success or error derived from the code', async () => {
    expect(
      (
        await post(
          '/v1/call-logs',
          srv.adminKey,
          logs.map((l) => ({ ...l, ts: iso(l.ts) })),
        )
      ).status,
    ).toBe(202);
    const read = await items(await call('/v1/call-logs', srv.adminKey));
    expect(read.items.map(withoutMeta)).toEqual(logs.map((l) => ({ ...l, ts: iso(l.ts) })).reverse());
    expect(read.items.map((l) => l.status)).toEqual(['error', 'error', 'error', 'success']);
  });

  it('filters by status, method, code, bot and dates: exactly the matching rows', async () => {
    const codes = async (q: string) =>
      (await items<{ statusCode: number }>(await call(`/v1/call-logs?${q}`, srv.adminKey))).items.map(
        (l) => l.statusCode,
      );
    expect(await codes('status=error&bot=Sales%20bot')).toEqual([401, 500]);
    expect(await codes('status=success')).toEqual([200]);
    expect(await codes('method=GET')).toEqual([500]);
    expect(await codes('statusCode=0')).toEqual([0]);
    expect(
      await codes(`from=${encodeURIComponent(iso(now - 2500))}&to=${encodeURIComponent(iso(now - 1500))}`),
    ).toEqual([0]);
  });

  it('pages with a cursor through every row exactly once', async () => {
    const seen: number[] = [];
    let next: string | null = null;
    do {
      const page: { items: { statusCode: number }[]; next: string | null } = await items(
        await call(`/v1/call-logs?limit=3${next ? `&cursor=${next}` : ''}`, srv.adminKey),
      );
      seen.push(...page.items.map((l) => l.statusCode));
      next = page.next;
    } while (next);
    expect(seen).toEqual([401, 0, 500, 200]);
  });

  it('names the bad record and field of an array and stores none of it', async () => {
    const r = await post('/v1/call-logs', srv.adminKey, [
      sampleCallLog(now, { bot: 'atomic-bot' }),
      { ...sampleCallLog(now), method: 'PATCH' },
    ]);
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual({ error: expect.objectContaining({ code: 'INVALID_FIELD', path: '[1].method' }) });
    expect((await items(await call('/v1/call-logs?bot=atomic-bot', srv.adminKey))).items).toEqual([]);
  });

  it('refuses a bad filter and a forged cursor with 400', async () => {
    expect((await call('/v1/call-logs?status=maybe', srv.adminKey)).status).toBe(400);
    const forged = await call('/v1/call-logs?cursor=bm90LWEtY3Vyc29y', srv.adminKey);
    expect(await forged.json()).toEqual({ error: expect.objectContaining({ code: 'INVALID_CURSOR', path: 'cursor' }) });
  });
});

describe('audit events', () => {
  it('reads back every type identical and filters by type and user', async () => {
    const events = sampleAuditEvents(Date.now() - 60_000);
    expect((await post('/v1/audit-events', srv.adminKey, events)).status).toBe(202);
    const read = await items(await call('/v1/audit-events?limit=100', srv.adminKey));
    // The platform's user ids are none of Loupe's users: no names to add.
    expect(read.items.map(withoutMeta)).toEqual(
      events.map((e) => ({ ...e, ts: iso(e.ts), userName: null, names: {} })).reverse(),
    );
    const roles = await items(await call('/v1/audit-events?type=ROLE_CHANGE', srv.adminKey));
    expect(roles.items.map((e) => e.data)).toEqual([{ roleName: 'Supervisor', tenantUser: 'agent-1' }]);
    const csv = await (await call('/v1/audit-events/export.csv?type=LOGGED_IN', srv.adminKey)).text();
    expect(csv.split('\n')[0]).toBe('Time,Type,User,Data');
    expect(csv.split('\n')[1]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,LOGGED_IN,agent-1,\{\}$/);
  });
});

describe('tenant isolation', () => {
  it('shows a second tenant nothing of the first through reads or exports', async () => {
    for (const path of ['/v1/call-logs', '/v1/change-audits', '/v1/audit-events', '/v1/sessions']) {
      expect((await items(await call(path, other.adminKey))).items, path).toEqual([]);
    }
    const csv = await (await call('/v1/change-audits/export.csv', other.adminKey)).text();
    expect(csv).toBe('Facility,Username,Field,Before,After,Action Date,Action,Origin\n');
  });

  it("answers analysts' SQL over the caller's rows only, and refuses what is not one SELECT", async () => {
    const sql = (query: string, key: string) => post('/v1/sql', key, { query });
    const mine = (await (await sql('SELECT count() AS n FROM change_audits', srv.adminKey)).json()) as {
      items: { n: string }[];
    };
    expect(Number(mine.items[0]!.n)).toBeGreaterThan(0);
    const theirs = (await (await sql('SELECT count() AS n FROM change_audits', other.adminKey)).json()) as {
      items: { n: string }[];
    };
    expect(Number(theirs.items[0]!.n)).toBe(0);
    for (const q of [
      "SELECT * FROM file('/etc/passwd')",
      'SELECT * FROM system.tables',
      'SELECT 1; DROP TABLE change_audits',
      "SELECT * FROM change_audits SETTINGS additional_table_filters = {'change_audits': '1'}",
    ]) {
      const r = await sql(q, other.adminKey);
      expect(r.status, q).toBe(400);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('SQL_REJECTED');
    }
    expect((await sql('SELECT 1', (await srv.addTenant('tenant-sql-readonly')).siteKey)).status).toBe(401);
  });
});

describe('api keys', () => {
  it('creates a key shown once, lists it by prefix, enforces its scopes, and revokes it', async () => {
    const created = await post('/v1/api-keys', srv.adminKey, { description: 'Zendesk sync', validFor: '1m' });
    expect(created.status).toBe(201);
    const k = (await created.json()) as {
      id: string;
      key: string;
      prefix: string;
      expiresAt: string;
      scopes: string[];
    };
    expect(k.key.startsWith(k.prefix)).toBe(true);
    expect(k.scopes).toEqual(['ingest', 'read']);
    expect(Date.parse(k.expiresAt) - Date.now()).toBeGreaterThan(27 * 86_400_000);
    const listed = await items<Record<string, unknown>>(await call('/v1/api-keys', srv.adminKey));
    const mine = listed.items.find((x) => x.id === k.id)!;
    expect(mine).toMatchObject({ prefix: k.prefix, description: 'Zendesk sync' });
    expect(JSON.stringify(listed)).not.toContain(k.key);

    expect((await call('/v1/call-logs', k.key)).status).toBe(200);
    expect((await call('/v1/change-audits/export.csv', k.key)).status).toBe(403);
    expect((await call('/v1/api-keys', k.key)).status).toBe(403);

    expect((await call(`/v1/api-keys/${k.id}`, srv.adminKey, { method: 'DELETE' })).status).toBe(204);
    expect((await call('/v1/call-logs', k.key)).status).toBe(401);
    expect((await call(`/v1/api-keys/${k.id}`, other.adminKey, { method: 'DELETE' })).status).toBe(404);
  });

  it('needs an expiry date for a custom key and refuses one in the past', async () => {
    const noDate = await post('/v1/api-keys', srv.adminKey, { description: 'x', validFor: 'custom' });
    expect(await noDate.json()).toEqual({ error: expect.objectContaining({ path: 'expiresAt' }) });
    const past = await post('/v1/api-keys', srv.adminKey, {
      description: 'x',
      validFor: 'custom',
      expiresAt: '2020-01-01T00:00:00Z',
    });
    expect(past.status).toBe(400);
  });
});

describe('settings and tenants', () => {
  it('defaults to never archiving and 30-day call logs, and keeps changes', async () => {
    expect(await (await call('/v1/settings', other.adminKey)).json()).toEqual({
      archiveAfterMonths: 0,
      callLogRetentionDays: 30,
      notificationRecipients: [],
      notifyRoles: ['Owner'],
      siteOrigins: [],
      redactPatterns: [],
    });
    const put = await call('/v1/settings', other.adminKey, {
      method: 'PUT',
      body: JSON.stringify({ archiveAfterMonths: 6, notificationRecipients: ['owner@example.com'] }),
    });
    expect(await put.json()).toMatchObject({ archiveAfterMonths: 6, callLogRetentionDays: 30 });
    const bad = await call('/v1/settings', other.adminKey, {
      method: 'PUT',
      body: JSON.stringify({ archiveAfterMonths: -1 }),
    });
    expect(await bad.json()).toEqual({ error: expect.objectContaining({ path: 'archiveAfterMonths' }) });
  });

  it('lets the operator create a tenant whose keys work at once', async () => {
    const op = { Authorization: `Bearer ${'operator-key-for-tests-0123456789'}` };
    const r = await fetch(`${srv.url}/v1/tenants`, {
      method: 'POST',
      headers: { ...op, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Acme' }),
    });
    expect(r.status).toBe(201);
    const t = (await r.json()) as { tenantId: string; adminKey: string; siteKey: string };
    expect((await call('/v1/settings', t.adminKey)).status).toBe(200);
    expect(
      (
        await fetch(`${srv.url}/v1/tenants`, {
          method: 'POST',
          headers: { Authorization: 'Bearer wrong', 'Content-Type': 'application/json' },
          body: '{"name":"x"}',
        })
      ).status,
    ).toBe(401);
  });
});

describe('operations', () => {
  it('reports health, Prometheus metrics and an OpenAPI document of the routes', async () => {
    expect(await (await fetch(`${srv.url}/healthz`)).json()).toEqual({ status: 'ok', clickhouse: 'up' });
    const metrics = await (await fetch(`${srv.url}/metrics`)).text();
    expect(metrics).toMatch(/loupe_ingested_rows_total\{table="change_audits"\} \d+/);
    expect(metrics).toMatch(/loupe_rejected_requests_total\{route="\/v1\/call-logs",code="INVALID_FIELD"\} 1/);
    expect(metrics).toContain('loupe_flush_duration_seconds_bucket');
    const doc = (await (await fetch(`${srv.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/ingest',
        '/v1/call-logs',
        '/v1/change-audits/export.csv',
        '/v1/sql',
        '/v1/api-keys/{id}',
      ]),
    );
    expect(JSON.stringify(doc.paths['/v1/change-audits']!.post)).toContain('ExternalAPI');
  });

  it('answers unknown routes with the error shape', async () => {
    expect(await (await fetch(`${srv.url}/v1/nope`)).json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'no route GET /v1/nope' },
    });
  });
});
