import type { ClickHouseClient } from '@clickhouse/client';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStorage } from '../testing/test-storage.ts';
import { ANALYST_TABLES } from './analyst-tables.ts';
import { directTables, newReadonlySecret, readonlyUserStatements } from './readonly-user.ts';

let client: ClickHouseClient;
let close: () => Promise<void>;
const secret = { password: 'pw-not-sent', salt: 'abcd' };

/** ClickHouse's own parse of a statement, printed back (parsing needs no privileges, so chDB does it). */
async function parsed(statement: string): Promise<string> {
  const r = await client.query({
    query: 'SELECT formatQuerySingleLine({q:String}) AS f',
    query_params: { q: statement },
    format: 'JSON',
  });
  return (await r.json<{ f: string }>()).data[0]!.f;
}

beforeAll(async () => {
  ({ client, close } = await openTestStorage());
});
afterAll(() => close());

describe("a tenant's read-only ClickHouse user", () => {
  it('is made by statements ClickHouse parses, one each, granting SELECT and a row policy per table', async () => {
    const statements = readonlyUserStatements({
      tenantId: 'acme-eu',
      database: 'loupe',
      tables: ANALYST_TABLES,
      ...secret,
    });
    // Session notes are read with FINAL, which a row policy cannot impose: not for a direct user.
    const direct = ANALYST_TABLES.filter((t) => t !== 'session_notes');
    expect(directTables(ANALYST_TABLES)).toEqual(direct);
    expect(statements).toHaveLength(1 + 2 * direct.length);
    for (const s of statements) expect(await parsed(s)).toMatch(/^(CREATE USER|GRANT|CREATE ROW POLICY)/);
    const [user, ...rest] = statements;
    expect(user).toContain('CREATE USER OR REPLACE `loupe_ro_acme-eu`');
    expect(user).toContain('DEFAULT DATABASE `loupe`');
    expect(user).toMatch(/readonly = 2 CONST/);
    expect(user).toMatch(/allow_ddl = 0 CONST/);
    expect(user).toMatch(/max_execution_time = 60 MAX 600/);
    expect(rest.filter((s) => s.startsWith('GRANT')).map((s) => /ON `loupe`\.`(\w+)`/.exec(s)?.[1])).toEqual(direct);
    expect(rest.find((s) => s.includes('`call_logs`') && s.includes('ROW POLICY'))).toContain('retention_days');
  });

  it('sends a salted hash, never the password', () => {
    const [user] = readonlyUserStatements({ tenantId: 't', database: 'd', tables: ['sessions'], ...secret });
    expect(user).not.toContain(secret.password);
    const hash = createHash('sha256')
      .update(secret.password + secret.salt)
      .digest('hex');
    expect(user).toContain(`IDENTIFIED WITH sha256_hash BY '${hash}' SALT 'abcd'`);
    const fresh = newReadonlySecret();
    expect(fresh.password.length).toBeGreaterThanOrEqual(40);
    expect(newReadonlySecret().password).not.toBe(fresh.password);
  });

  it('keeps a hostile tenant id inside its quotes: the policy compares with exactly that id', async () => {
    const tenantId = "x' OR 1 = 1 -- `; DROP TABLE sessions \\";
    const statements = readonlyUserStatements({ tenantId, database: 'db`x', tables: ['sessions'], ...secret });
    for (const s of statements) {
      // Outside its quoted names and literals, the statement holds nothing of the tenant id.
      const printed = await parsed(s);
      expect(printed.replace(/'(\\.|[^'\\])*'|`(\\.|[^`\\])*`/g, '')).not.toMatch(/DROP|OR 1 = 1/);
    }
    const policy = statements.find((s) => s.includes('ROW POLICY'))!;
    const literal = /USING tenant_id = ('(?:\\.|[^'\\])*')/.exec(await parsed(policy))![1]!;
    const r = await client.query({ query: `SELECT ${literal} AS t`, format: 'JSON' });
    expect((await r.json<{ t: string }>()).data[0]!.t).toBe(tenantId);
  });

  it('asks for at least one table', () => {
    expect(() => readonlyUserStatements({ tenantId: 't', database: 'd', tables: [], ...secret })).toThrow();
  });
});
