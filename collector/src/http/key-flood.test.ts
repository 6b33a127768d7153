import type { ClickHouseClient } from '@clickhouse/client';
import { sampleBatch } from '@loupe/schemas/fixtures';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { call } from '../testing/http-client.ts';
import { TEST_CONFIG, startTestServer, type TestServer } from '../testing/test-server.ts';

/**
 * Issue 12, finding 12: 210 made-up keys a second, none limited, slowed another tenant's
 * ingest five-fold; an operator's 16-character key came back from a database copy in 11.5 s
 * (unsalted SHA-256 and a 12-character stored prefix). Addresses are told apart by
 * X-Forwarded-For (LOUPE_TRUST_PROXY on), as behind a proxy.
 */
let srv: TestServer;
let keyLookups = 0;
let clock = Date.now();
let victimSiteKey: string;
const CONTROL_TABLES = /api_keys|api_key_usage|users|web_sessions|tenants|tenant_settings|loupe_migrations/;
/** While set, every statement on a control table fails as ClickHouse would, naming the table. */
let failControlTables = false;

/**
 * Stands between the collector and storage: counts the queries that look a key up (to show a
 * flood answered without them), and can make control-table statements fail.
 */
function watchStorage(client: ClickHouseClient): ClickHouseClient {
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (!['query', 'insert', 'command'].includes(String(prop)) || typeof value !== 'function') return value;
      return (args: { query?: string; table?: string }) => {
        const text = args.query ?? args.table ?? '';
        if (/FROM api_keys FINAL WHERE key_hash/.test(text)) keyLookups++;
        if (failControlTables && CONTROL_TABLES.test(text)) {
          const table = CONTROL_TABLES.exec(text)![0];
          return Promise.reject(
            Object.assign(
              new Error(`Code: 60. DB::Exception: Unknown table expression identifier 'default.${table}'`),
              { code: '60', type: 'UNKNOWN_TABLE' },
            ),
          );
        }
        return (value as (a: unknown) => unknown).call(target, args);
      };
    },
  });
}

const madeUpKey = () => `lpk_${randomBytes(32).toString('base64url')}`;
const storedRow = async (id: string) => {
  const r = await srv.services.client.query({
    query: `SELECT key_hash, prefix FROM api_keys FINAL WHERE id = {id:String}`,
    query_params: { id },
    format: 'JSONEachRow',
  });
  return ((await r.json()) as { key_hash: string; prefix: string }[])[0]!;
};

beforeAll(async () => {
  srv = await startTestServer({ LOUPE_TRUST_PROXY: true }, undefined, {}, () => clock, watchStorage);
  victimSiteKey = (await srv.addTenant('tenant-b')).siteKey;
});
afterAll(() => srv.close());

describe('a flood of made-up keys', () => {
  it('is refused per address before any lookup, while another tenant ingests from its own address', async () => {
    const flood = { 'X-Forwarded-For': '203.0.113.66' };
    const before = keyLookups;
    const statuses: number[] = [];
    for (let i = 0; i < 300; i++) {
      const r = await fetch(`${srv.url}/v1/call-logs`, {
        headers: { Authorization: `Bearer ${madeUpKey()}`, ...flood },
      });
      await r.arrayBuffer();
      statuses.push(r.status);
    }
    expect(statuses.slice(0, 50)).toEqual(Array(50).fill(401));
    expect(statuses.slice(50).every((s) => s === 429)).toBe(true);
    // 300 keys tried, one lookup for each of the first 50 only: the rest cost no query.
    expect(keyLookups - before).toBe(50);
    // Site keys through ingest count against the same address.
    const viaIngest = await fetch(`${srv.url}/v1/ingest`, {
      method: 'POST',
      headers: { 'X-Loupe-Key': madeUpKey(), 'Content-Type': 'application/json', ...flood },
      body: '{}',
    });
    expect(viaIngest.status).toBe(429);
    expect(Number(viaIngest.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    const victim = await fetch(`${srv.url}/v1/ingest`, {
      method: 'POST',
      headers: { 'X-Loupe-Key': victimSiteKey, 'Content-Type': 'application/json', 'X-Forwarded-For': '192.0.2.10' },
      body: JSON.stringify(sampleBatch('victim-session', 0, clock - 1000)),
    });
    expect(victim.status).toBe(202);
  });

  it('of made-up session cookies meets the same limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) {
      const cookie = `loupe_session=${randomBytes(32).toString('base64url')}`;
      statuses.push(
        (await call(srv.url, 'GET', '/v1/sessions', { cookie }, undefined, { 'X-Forwarded-For': '203.0.113.88' }))
          .status,
      );
    }
    expect(statuses.slice(0, 50)).toEqual(Array(50).fill(401));
    expect(statuses.slice(50)).toEqual(Array(10).fill(429));
  });

  it('with keys too short to be any stored key, costs no lookup at all', async () => {
    const before = keyLookups;
    for (let i = 0; i < 20; i++) {
      const r = await call(srv.url, 'GET', '/v1/sessions', { key: `lpk_${i}-short` }, undefined, {
        'X-Forwarded-For': `203.0.113.${100 + i}`,
      });
      expect(r.status).toBe(401);
    }
    expect(keyLookups - before).toBe(0);
  });

  it('also stops guessing at the operator key', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) {
      statuses.push(
        (
          await call(
            srv.url,
            'POST',
            '/v1/tenants',
            { key: madeUpKey() },
            { name: 'x' },
            { 'X-Forwarded-For': '203.0.113.77' },
          )
        ).status,
      );
    }
    expect(statuses.slice(0, 50)).toEqual(Array(50).fill(401));
    expect(statuses.slice(50)).toEqual(Array(10).fill(429));
  });
});

describe('stored keys', () => {
  it('are an HMAC under the server secret with a four-character prefix, useless to a database copy', async () => {
    const made = await call(
      srv.url,
      'POST',
      '/v1/api-keys',
      { key: srv.adminKey },
      { description: 'hashed', validFor: '1y' },
    );
    const key = made.body.key as string;
    const row = await storedRow(made.body.id as string);
    expect(row.key_hash).not.toBe(createHash('sha256').update(key).digest('hex'));
    expect(row.key_hash).toBe(createHmac('sha256', TEST_CONFIG.LOUPE_KEY_SECRET).update(key).digest('hex'));
    expect(row.prefix).toBe(key.slice(0, 8));
    expect(made.body.prefix).toBe(key.slice(0, 8));
  });

  it('show at most four characters of an operator-chosen key', async () => {
    const chosen = 'operator-chosen-site-key-0123456789abcdef';
    const { record } = await srv.services.keys.create('tenant-a', {
      kind: 'site',
      description: 'chosen',
      scopes: ['ingest'],
      expiresAt: null,
      secret: chosen,
    });
    expect((await storedRow(record.id)).prefix).toBe('oper');
  });

  it('made as plain SHA-256 by earlier versions keep working, and are rewritten under the keyed hash on first use', async () => {
    const key = `lpk_${randomBytes(32).toString('base64url')}`;
    const legacyHash = createHash('sha256').update(key).digest('hex');
    // A row exactly as the version before this one wrote it: no creator columns, a 12-character prefix.
    await srv.services.client.insert({
      table: 'api_keys',
      values: [
        {
          id: 'legacy-key',
          tenant_id: 'tenant-a',
          kind: 'api',
          key_hash: legacyHash,
          prefix: key.slice(0, 12),
          description: 'from before',
          scopes: ['read'],
          allowed_origins: [],
          created_at: clock,
          expires_at: null,
          revoked_at: null,
          version: clock,
        },
      ],
      format: 'JSONEachRow',
    });
    expect((await call(srv.url, 'GET', '/v1/sessions', { key })).status).toBe(200);
    const row = await storedRow('legacy-key');
    expect(row.key_hash).toBe(createHmac('sha256', TEST_CONFIG.LOUPE_KEY_SECRET).update(key).digest('hex'));
    expect(row.prefix).toBe(key.slice(0, 8));
    // Past the cache, found again by its new hash; and, made before keys named their creator, it acts as an Admin at most.
    clock += 10_000;
    expect((await call(srv.url, 'GET', '/v1/sessions', { key })).status).toBe(200);
    expect((await call(srv.url, 'GET', '/v1/call-logs', { key })).status).toBe(403);
    const listed = (await call(srv.url, 'GET', '/v1/api-keys', { key: srv.adminKey })).body.items as {
      id: string;
      createdBy: unknown;
    }[];
    expect(listed.find((k) => k.id === 'legacy-key')!.createdBy).toEqual({
      userId: null,
      username: null,
      role: 'Admin',
    });
  });
});

describe('operator-set keys', () => {
  it('must have 32 characters: a shorter one stops start-up with a message naming it', () => {
    for (const name of ['LOUPE_ADMIN_KEY', 'LOUPE_SITE_KEY', 'LOUPE_OPERATOR_KEY', 'LOUPE_KEY_SECRET']) {
      expect(() => loadConfig({ [name]: 'sixteen-chars-ok' }), name).toThrow(
        new RegExp(`${name}="sixteen-chars-ok": must be at least 32 characters`),
      );
      expect(() => loadConfig({ [name]: 'x'.repeat(32) }), name).not.toThrow();
    }
  });
});

describe('errors', () => {
  it('name no control-plane table, even when ClickHouse fails naming one', async () => {
    failControlTables = true;
    try {
      const elsewhere = { 'X-Forwarded-For': '192.0.2.99' };
      const answers = [
        await call(srv.url, 'GET', '/v1/sessions', { key: madeUpKey() }, undefined, elsewhere),
        await call(srv.url, 'GET', '/v1/sessions', { cookie: 'loupe_session=abcdefabcdef' }, undefined, elsewhere),
        await call(srv.url, 'POST', '/v1/auth/login', null, { username: 'someone', password: 'something' }, elsewhere),
        await call(srv.url, 'POST', '/v1/ingest', null, sampleBatch('s', 0, clock), {
          'X-Loupe-Key': madeUpKey(),
          ...elsewhere,
        }),
        await call(srv.url, 'POST', '/v1/tenants', { key: TEST_CONFIG.LOUPE_OPERATOR_KEY! }, { name: 'x' }, elsewhere),
      ];
      for (const a of answers) {
        expect(a.status).toBeGreaterThanOrEqual(500);
        expect(JSON.stringify(a.body)).not.toMatch(CONTROL_TABLES);
        expect(a.body.error?.code).toMatch(/^(STORAGE_UNAVAILABLE|INTERNAL)$/);
      }
    } finally {
      failControlTables = false;
    }
  });
});
