import { sampleAuditEvents, sampleBatch, sampleCallLog, SEED_CHANGE_AUDITS } from '@loupe/schemas/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { ANALYST_TABLES } from './analyst-tables.ts';

/**
 * Issue 12, finding 1: tenant B's admin attacks tenant A's rows through POST /v1/sql, clause by
 * clause and table by table. Every answer and every error is searched for anything of A's.
 */
let srv: TestServer;
let attackerKey: string;
/** Tenant A's rows all carry this, in a text column of every table; A's id is the other giveaway. */
const SECRET = 'SECRETA';
const leaks = (text: string) => text.includes(SECRET) || text.includes('tenant-a');
/** A text column of each table, holding A's secret in A's rows. */
const TEXT: Record<string, string> = {
  call_logs: 'response',
  cobrowse_events: 'session_id',
  replay_chunks: 'session_id',
  sessions: 'session_id',
  audit_events: 'user_id',
  change_audits: 'after',
  session_notes: 'text',
};
/** B's own row counts, read past the SQL route. */
const ownCounts: Record<string, number> = {};

const post = (path: string, key: string, body: unknown) =>
  fetch(`${srv.url}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
const sql = async (query: string, key = attackerKey) => {
  const r = await post('/v1/sql', key, { query });
  return { status: r.status, text: await r.text() };
};

async function writeBoth(a: { adminKey: string; siteKey: string }, b: { adminKey: string; siteKey: string }) {
  const t0 = Date.now() - 10 * 60_000;
  const rows = (tenant: 'a' | 'b') => {
    const mark = tenant === 'a' ? SECRET : 'mine';
    const keys = tenant === 'a' ? a : b;
    return [
      post(
        '/v1/call-logs',
        keys.adminKey,
        [0, 1, 2].map((i) => sampleCallLog(t0 + i, { bot: `bot-${mark}`, response: `{"v":"${mark}"}` })),
      ),
      post(
        '/v1/audit-events',
        keys.adminKey,
        sampleAuditEvents(t0).map((e) => ({ ...e, userId: `user-${mark}` })),
      ),
      post(
        '/v1/change-audits',
        keys.adminKey,
        SEED_CHANGE_AUDITS.map((c) => ({ ...c, after: mark })),
      ),
      fetch(`${srv.url}/v1/ingest`, {
        method: 'POST',
        headers: { 'X-Loupe-Key': keys.siteKey, 'Content-Type': 'application/json' },
        body: JSON.stringify(sampleBatch(`sess-${mark}`, 0, t0)),
      }),
    ];
  };
  // Sent together, so the batch writer puts both tenants' rows into the same parts and granules.
  const answers = await Promise.all([...rows('a'), ...rows('b')]);
  for (const r of answers) expect(r.status, await r.clone().text()).toBe(202);
  // A note on each tenant's session, once the sessions are stored.
  for (const [mark, keys] of [
    [SECRET, a],
    ['mine', b],
  ] as const) {
    const note = await post(`/v1/sessions/sess-${mark}/notes`, keys.adminKey, { offsetMs: 0, text: `note ${mark}` });
    expect(note.status, await note.clone().text()).toBe(201);
  }
}

beforeAll(async () => {
  srv = await startTestServer();
  const b = await srv.addTenant('tenant-b');
  attackerKey = b.adminKey;
  await writeBoth({ adminKey: srv.adminKey, siteKey: srv.siteKey }, b);
  for (const t of ANALYST_TABLES) {
    // As background merges would: both tenants' rows in one part, in the same granule.
    await srv.services.client.command({ query: `OPTIMIZE TABLE ${t} FINAL` });
    const parts = await srv.services.client.query({ query: `SELECT uniqExact(_part) AS n FROM ${t}`, format: 'JSON' });
    expect(((await parts.json()) as { data: { n: number }[] }).data[0]!.n, t).toBe(1);
    const r = await srv.services.client.query({
      query: `SELECT count() AS n FROM ${t} WHERE tenant_id = 'tenant-b'`,
      format: 'JSON',
    });
    ownCounts[t] = Number(((await r.json()) as { data: { n: number }[] }).data[0]!.n);
    expect(ownCounts[t], t).toBeGreaterThan(0);
  }
});
afterAll(() => srv.close());

/**
 * `{L}` fails on any row that is not B's with the row's tenant and text in ClickHouse's message
 * (`Cannot parse string 'tenant-a|...' as UInt64`): the attack of the issue. `{x}` is the table's
 * text column, `{t}` the table.
 */
const ATTACKS: [string, string][] = [
  ['SELECT', 'SELECT {L} AS v FROM {t}'],
  ['WHERE', 'SELECT count() FROM {t} WHERE {L} = 0'],
  ['PREWHERE', 'SELECT count() FROM {t} PREWHERE {L} = 0'],
  ['PREWHERE in a subquery', 'SELECT * FROM (SELECT count() FROM {t} PREWHERE {L} = 0)'],
  ['JOIN ON', 'SELECT count() FROM {t} AS l INNER JOIN {t} AS r ON l.tenant_id = r.tenant_id AND {Ll} = 0'],
  ['a cross join', 'SELECT count() FROM {t} AS l CROSS JOIN {t} AS r WHERE {Lr} = 0'],
  ['GROUP BY', 'SELECT count() FROM {t} GROUP BY {L}'],
  ['HAVING', 'SELECT tenant_id FROM {t} GROUP BY tenant_id HAVING max({L}) = 0'],
  ['ORDER BY', 'SELECT tenant_id FROM {t} ORDER BY {L}'],
  ['LIMIT BY', 'SELECT tenant_id FROM {t} LIMIT 1 BY {L}'],
  ['a window', 'SELECT row_number() OVER (PARTITION BY {L}) AS n FROM {t}'],
  ['a subquery', 'SELECT count() FROM (SELECT * FROM {t}) WHERE {L} = 0'],
  ['a CTE', 'WITH q AS (SELECT * FROM {t}) SELECT count() FROM q WHERE {L} = 0'],
  ['a CTE named like the table', 'WITH {t} AS (SELECT * FROM {t}) SELECT count() FROM {t} WHERE {L} = 0'],
  ['UNION ALL', 'SELECT tenant_id FROM {t} UNION ALL SELECT tenant_id FROM {t} WHERE {L} = 0'],
  ['a scalar subquery', 'SELECT (SELECT groupArray({x}) FROM {t} WHERE {L} = 0) AS v'],
  ['IN (SELECT ...)', 'SELECT count() FROM {t} WHERE tenant_id IN (SELECT tenant_id FROM {t} WHERE {L} = 0)'],
  ['EXISTS', 'SELECT count() FROM {t} WHERE EXISTS (SELECT 1 FROM {t} WHERE {L} = 0)'],
  ['arrayJoin', 'SELECT arrayJoin([tenant_id, toString({x})]) AS v FROM {t}'],
  ['ARRAY JOIN', 'SELECT v FROM {t} ARRAY JOIN [{L}] AS v'],
  ['throwIf, the yes/no oracle', "SELECT count() FROM {t} WHERE throwIf(tenant_id != 'tenant-b') = 0"],
  ['an error message of its own', "SELECT toUInt64(concat(tenant_id, '|', toString({x}))) FROM {t}"],
  ['FINAL', 'SELECT count() FROM {t} FINAL WHERE {L} = 0'],
  ['SAMPLE', 'SELECT count() FROM {t} SAMPLE 1 / 2'],
  ['_part_offset', 'SELECT max(_part_offset) AS n FROM {t}'],
  ['_part', 'SELECT groupUniqArray(_part) AS n FROM {t}'],
  ['_block_number', 'SELECT max(_block_number) AS n FROM {t}'],
  ['a database-qualified name', 'SELECT count() FROM default.{t} WHERE {L} = 0'],
  ['a backquoted name', 'SELECT count() FROM `default`.`{t}`'],
];

const leakExpr = (t: string, p = '') =>
  `toUInt64(if(${p}tenant_id = 'tenant-b', '0', concat(${p}tenant_id, '|', toString(${p}${TEXT[t]}))))`;
const fill = (template: string, t: string) =>
  template
    .replaceAll('{Ll}', leakExpr(t, 'l.'))
    .replaceAll('{Lr}', leakExpr(t, 'r.'))
    .replaceAll('{L}', leakExpr(t))
    .replaceAll('{x}', TEXT[t]!)
    .replaceAll('{t}', t);

describe("an attacker's SQL against another tenant's rows", () => {
  it.each(ATTACKS)('finds nothing of theirs through %s, in any table', async (_, template) => {
    for (const t of ANALYST_TABLES) {
      const query = fill(template, t);
      const r = await sql(query);
      expect([200, 400], `${r.status} ${query}: ${r.text}`).toContain(r.status);
      expect(leaks(r.text), `${query}: ${r.text}`).toBe(false);
    }
  });

  it('is answered, not refused, where the query is fair: the oracle says nothing, counts are its own', async () => {
    for (const t of ANALYST_TABLES) {
      const oracle = await sql(fill(ATTACKS.find(([n]) => n.startsWith('throwIf'))![1], t));
      expect(oracle.status, oracle.text).toBe(200);
      const counted = await sql(`SELECT count() AS n FROM ${t} WHERE ${leakExpr(t)} = 0`);
      expect(JSON.parse(counted.text), t).toMatchObject({ items: [{ n: String(ownCounts[t]) }] });
      const joined = await sql(`SELECT count() AS n FROM ${t} AS l CROSS JOIN ${t} AS r`);
      expect(JSON.parse(joined.text), t).toMatchObject({ items: [{ n: String(ownCounts[t]! ** 2) }] });
    }
  });

  it("counts none of the other tenant's rows through virtual columns (one part holds both tenants)", async () => {
    for (const t of ANALYST_TABLES) {
      for (const q of [
        `SELECT max(_part_offset) + 1 AS n FROM ${t}`,
        `SELECT count() AS n FROM ${t} WHERE _part_offset >= 0`,
      ]) {
        const r = await sql(q);
        if (r.status === 200)
          expect(Number((JSON.parse(r.text) as { items: { n: string }[] }).items[0]!.n), q).toBeLessThanOrEqual(
            ownCounts[t]!,
          );
        else expect(r.status, r.text).toBe(400);
      }
    }
  });

  it("refuses the storage tricks by name, with ClickHouse's code where ClickHouse refused", async () => {
    const refusal = async (q: string) =>
      (JSON.parse((await sql(q)).text) as { error: { code: string; message: string } }).error;
    expect(await refusal('SELECT count() FROM call_logs PREWHERE 1')).toMatchObject({
      code: 'SQL_REJECTED',
      message: 'PREWHERE is not allowed: write WHERE',
    });
    expect(await refusal('SELECT max(_part_offset) FROM call_logs')).toMatchObject({
      message: 'virtual column _part_offset is not allowed',
    });
    expect(await refusal('SELECT count() FROM default.call_logs')).toMatchObject({
      message: 'write call_logs without a database name',
    });
    const own = await refusal("SELECT toUInt64(concat(tenant_id, '|', response)) FROM call_logs");
    expect(own.code).toBe('SQL_FAILED');
    // The engine's verdict stays readable; the value it quoted (B's own row, here) does not.
    expect(own.message).toMatch(/^Cannot parse string '…' as UInt64.* \(ClickHouse error 6, CANNOT_PARSE_TEXT\)$/);
  });

  it('shows the sessions summary merged: one row per session, no aggregate states', async () => {
    const r = await sql('SELECT session_id, entry_url, event_count FROM sessions');
    expect(r.status, r.text).toBe(200);
    expect(JSON.parse(r.text)).toMatchObject({ items: [{ session_id: 'sess-mine', entry_url: expect.any(String) }] });
    const columns = (
      JSON.parse((await sql('SELECT * FROM sessions')).text) as { columns: { name: string; type: string }[] }
    ).columns;
    expect(columns.find((c) => c.name === 'entry_url')?.type).toBe('String');
    expect(columns.map((c) => c.type).join()).not.toMatch(/AggregateFunction/);
  });
});

describe('the tables a role may read through SQL', () => {
  const signIn = async (role: string, name = role) => {
    const username = `${name.toLowerCase().replace(' ', '-')}@sql`;
    const made = await post('/v1/users', srv.adminKey, { username, password: 'correct horse battery', role });
    expect(made.status, await made.clone().text()).toBe(201);
    const r = await fetch(`${srv.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password: 'correct horse battery' }),
    });
    return r.headers.get('set-cookie')!.split(';')[0]!;
  };
  const asPerson = async (cookie: string, query: string) => {
    const r = await fetch(`${srv.url}/v1/sql`, {
      method: 'POST',
      headers: { Cookie: cookie, Origin: srv.url, 'Content-Type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    return {
      status: r.status,
      body: (await r.json()) as { items?: unknown[]; error?: { code: string; message: string } },
    };
  };

  it('keeps call logs from an Admin however the query names them (seed 001), and opens the rest', async () => {
    const admin = await signIn('Admin');
    for (const q of [
      'SELECT count() FROM call_logs',
      'SELECT * FROM (SELECT bot FROM call_logs)',
      'WITH c AS (SELECT * FROM call_logs) SELECT count() FROM c',
      'SELECT count() FROM audit_events WHERE user_id IN (SELECT user FROM call_logs)',
      'SELECT (SELECT any(response) FROM call_logs) AS r',
      'SELECT count() FROM sessions AS s INNER JOIN call_logs AS c ON 1 = 1',
      'SELECT user_id FROM audit_events UNION ALL SELECT bot FROM call_logs',
    ]) {
      const r = await asPerson(admin, q);
      expect(r.status, q).toBe(403);
      expect(r.body.error, q).toEqual({
        code: 'TABLE_FORBIDDEN',
        message: 'the Admin role may not read call_logs',
        path: 'query',
      });
    }
    for (const t of ANALYST_TABLES.filter((t) => t !== 'call_logs')) {
      expect((await asPerson(admin, `SELECT count() AS n FROM ${t}`)).status, t).toBe(200);
    }
  });

  it('lets the Owner, and the set-up key (which acts as Owner), read call logs', async () => {
    const owner = await signIn('Owner');
    expect(await asPerson(owner, 'SELECT bot FROM call_logs LIMIT 1')).toMatchObject({
      status: 200,
      body: { items: [{ bot: `bot-${SECRET}` }] },
    });
    const r = await sql('SELECT bot FROM call_logs LIMIT 1', srv.adminKey);
    expect(r.status).toBe(200);
  });

  it("holds an Admin's API keys to the Admin's tables: its role is their ceiling, whatever their scopes", async () => {
    const admin = await signIn('Admin', 'admin-keys');
    const mint = async (scopes: string[]) => {
      const r = await fetch(`${srv.url}/v1/api-keys`, {
        method: 'POST',
        headers: { Cookie: admin, Origin: srv.url, 'Content-Type': 'application/json' },
        body: JSON.stringify({ description: `sql ${scopes.join('+')}`, validFor: '1y', scopes }),
      });
      expect(r.status, await r.clone().text()).toBe(201);
      return ((await r.json()) as { key: string }).key;
    };
    const adminScoped = await mint(['admin', 'read']);
    for (const q of [
      'SELECT bot FROM call_logs LIMIT 1',
      'SELECT count() FROM sessions AS s INNER JOIN call_logs AS c ON 1 = 1',
    ]) {
      const r = await sql(q, adminScoped);
      expect(r.status, q).toBe(403);
      expect(JSON.parse(r.text).error, q).toEqual({
        code: 'TABLE_FORBIDDEN',
        message: 'the Admin role may not read call_logs',
        path: 'query',
      });
      expect(leaks(r.text), r.text).toBe(false);
    }
    expect((await sql('SELECT count() AS n FROM audit_events', adminScoped)).status).toBe(200);
    // A read key never reaches the SQL route at all (it needs the admin scope), nor call logs.
    const readKey = await mint(['read']);
    const r = await sql('SELECT bot FROM call_logs LIMIT 1', readKey);
    expect(r.status, r.text).toBe(403);
    expect(leaks(r.text), r.text).toBe(false);
  });
});

describe('session notes through analysts’ SQL', () => {
  it('shows each note once, at its latest version, and never a deleted one, before any merge', async () => {
    const b = attackerKey;
    const added = await post('/v1/sessions/sess-mine/notes', b, { offsetMs: 5, text: 'said in haste' });
    expect(added.status, await added.clone().text()).toBe(201);
    const { id } = (await added.json()) as { id: string };
    const gone = await fetch(`${srv.url}/v1/sessions/sess-mine/notes/${id}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${b}` },
    });
    expect(gone.status, await gone.clone().text()).toBeLessThan(300);
    // Both versions of that note are stored side by side until a merge; analysts see neither.
    for (const q of [
      'SELECT text FROM session_notes ORDER BY text',
      "SELECT count() AS n FROM session_notes WHERE text = 'said in haste'",
      'SELECT id, count() AS n FROM session_notes GROUP BY id HAVING n > 1',
    ]) {
      const r = await sql(q);
      expect(r.status, r.text).toBe(200);
      expect(r.text, q).not.toContain('said in haste');
      expect(leaks(r.text), r.text).toBe(false);
    }
    expect(JSON.parse((await sql('SELECT text FROM session_notes')).text).items).toEqual([{ text: 'note mine' }]);
  });
});
