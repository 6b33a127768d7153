import type { ClickHouseClient } from '@clickhouse/client';
import { SEED_CHANGE_AUDITS, sampleAuditEvents, sampleBatch, sampleCallLog } from '@loupe/schemas/fixtures';
import {
  AUDIT_TABLE,
  CALL_LOG_TABLE,
  CHANGE_AUDIT_TABLE,
  toAuditRow,
  toCallLogRow,
  toChangeAuditRow,
} from '@loupe/schemas';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rowId } from '../ids/row-id.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchWriter } from '../storage/batch-writer.ts';
import { RecorderSink } from '../storage/recorder-sink.ts';
import { openTestStorage } from '../testing/test-storage.ts';
import { ANALYST_TABLES, SqlFailedError, SqlRejectedError, runAnalystSql, type AnalystSqlOptions } from './index.ts';

let client: ClickHouseClient;
let close: () => Promise<void>;
let writer: BatchWriter;
const t0 = Date.now() - 60 * 60_000;
const meta = () => ({ id: rowId(), keyId: 'key-1', receivedAt: Date.now() });
const opts: AnalystSqlOptions = { maxRows: 1000, timeoutSeconds: 10 };
const asTenantA = (sql: string, o: AnalystSqlOptions = opts) => runAnalystSql(client, 'tenant-a', sql, o);

/** Everything tenant B wrote that could show up in a result: its id, its bot, its session. */
const TENANT_B_MARKS = ['tenant-b', 'bot-b', 'sess-b'];
const showsTenantB = (rows: unknown) => TENANT_B_MARKS.some((m) => JSON.stringify(rows).includes(m));

async function plainRows<T>(query: string): Promise<T[]> {
  return (await (await client.query({ query, format: 'JSON' })).json<T>()).data;
}

beforeAll(async () => {
  ({ client, close } = await openTestStorage());
  writer = new BatchWriter(client, { maxRows: 1000, flushIntervalMs: 10 });
  const sink = new RecorderSink(client, writer);
  const callsA = [
    sampleCallLog(t0, { bot: 'bot-a' }),
    sampleCallLog(t0 + 1, { bot: 'bot-a', statusCode: 500 }),
    sampleCallLog(t0 + 2, { bot: 'bot-a2' }),
  ];
  const callsB = [sampleCallLog(t0, { bot: 'bot-b' }), sampleCallLog(t0 + 1, { bot: 'bot-b' })];
  await Promise.all([
    writer.write(
      CALL_LOG_TABLE,
      callsA.map((c) => toCallLogRow('tenant-a', c, meta())),
    ),
    writer.write(
      CALL_LOG_TABLE,
      callsB.map((c) => toCallLogRow('tenant-b', c, meta())),
    ),
    writer.write(
      AUDIT_TABLE,
      sampleAuditEvents(t0).map((e) => toAuditRow('tenant-a', e, meta())),
    ),
    writer.write(
      AUDIT_TABLE,
      sampleAuditEvents(t0)
        .slice(0, 3)
        .map((e) => toAuditRow('tenant-b', e, meta())),
    ),
    writer.write(
      CHANGE_AUDIT_TABLE,
      SEED_CHANGE_AUDITS.map((c) => toChangeAuditRow('tenant-a', c, meta())),
    ),
    writer.write(
      CHANGE_AUDIT_TABLE,
      SEED_CHANGE_AUDITS.map((c) => toChangeAuditRow('tenant-b', c, meta())),
    ),
    sink.store('tenant-a', sampleBatch('sess-a', 0, t0)),
    sink.store('tenant-b', sampleBatch('sess-b', 0, t0)),
  ]);
});
afterAll(async () => {
  await writer.close();
  await close();
});

describe('a tenant analyst', () => {
  it('gets its own rows with their column names and types', async () => {
    const result = await asTenantA(
      'SELECT tenant_id, bot, count() AS calls FROM call_logs WHERE status_code >= 200 GROUP BY tenant_id, bot ORDER BY bot',
    );
    expect(result.columns).toEqual([
      { name: 'tenant_id', type: 'LowCardinality(String)' },
      { name: 'bot', type: 'LowCardinality(String)' },
      { name: 'calls', type: 'UInt64' },
    ]);
    // 64-bit integers come back as exact strings, as ClickHouse's JSON does by default.
    expect(result.rows).toEqual([
      { tenant_id: 'tenant-a', bot: 'bot-a', calls: '2' },
      { tenant_id: 'tenant-a', bot: 'bot-a2', calls: '1' },
    ]);
    expect(result.truncated).toBe(false);
  });

  it.each([
    ['a subquery', 'SELECT tenant_id, bot FROM (SELECT * FROM call_logs) ORDER BY bot'],
    ['a CTE', 'WITH calls AS (SELECT * FROM call_logs) SELECT tenant_id, bot FROM calls'],
    [
      'a join',
      'SELECT c.bot, s.session_id, s.tenant_id FROM call_logs AS c INNER JOIN sessions AS s ON c.tenant_id = s.tenant_id',
    ],
    ['a cross join', 'SELECT c.bot, a.tenant_id, a.type FROM call_logs AS c CROSS JOIN audit_events AS a'],
    [
      'UNION ALL',
      'SELECT bot AS v FROM call_logs UNION ALL SELECT session_id FROM sessions UNION ALL SELECT tenant_id FROM audit_events',
    ],
    [
      'INTERSECT and EXCEPT',
      "SELECT tenant_id FROM call_logs INTERSECT SELECT tenant_id FROM change_audits EXCEPT SELECT 'nobody'",
    ],
    ['IN (SELECT ...)', 'SELECT bot FROM call_logs WHERE tenant_id IN (SELECT tenant_id FROM audit_events)'],
    [
      'a scalar subquery',
      'SELECT (SELECT groupArray(bot) FROM call_logs) AS bots, (SELECT groupUniqArray(session_id) FROM cobrowse_events) AS sessions',
    ],
    ['EXISTS', "SELECT bot FROM call_logs WHERE EXISTS (SELECT 1 FROM call_logs WHERE bot = 'bot-a')"],
    [
      'every allowed table',
      ANALYST_TABLES.map((t) => `SELECT DISTINCT tenant_id, '${t}' AS t FROM ${t}`).join(' UNION ALL '),
    ],
  ])('never sees another tenant through %s', async (_, sql) => {
    const result = await asTenantA(sql);
    expect(result.rows.length).toBeGreaterThan(0);
    expect(showsTenantB(result.rows)).toBe(false);
  });

  it('finds nothing when it asks for another tenant by name', async () => {
    for (const sql of [
      "SELECT * FROM call_logs WHERE tenant_id = 'tenant-b'",
      "SELECT count() AS n FROM call_logs WHERE bot = 'bot-b'",
      "SELECT session_id FROM sessions WHERE session_id = 'sess-b'",
    ]) {
      const result = await asTenantA(sql);
      expect(showsTenantB(result.rows)).toBe(false);
    }
    expect((await asTenantA("SELECT count() AS n FROM call_logs WHERE bot = 'bot-b'")).rows).toEqual([{ n: '0' }]);
  });

  it('cannot learn about other tenants from errors while the query is checked either', async () => {
    // Tenant A has 3 call logs, both tenants together 5: unfiltered, this scalar subquery would throw.
    await expect(asTenantA('SELECT (SELECT throwIf(count() > 3) FROM call_logs) AS x')).resolves.toMatchObject({
      rows: [{ x: 0 }],
    });
  });

  it('is named by a tenant id that cannot break out of the filter', async () => {
    await expect(runAnalystSql(client, "tenant-a' OR '1", 'SELECT 1', opts)).rejects.toThrow(/invalid tenant id/);
  });

  it('lets each tenant see exactly its own rows', async () => {
    const b = await runAnalystSql(client, 'tenant-b', 'SELECT bot, count() AS n FROM call_logs GROUP BY bot', opts);
    expect(b.rows).toEqual([{ bot: 'bot-b', n: '2' }]);
    const a = await asTenantA('SELECT count() AS n FROM call_logs');
    expect(a.rows).toEqual([{ n: '3' }]);
  });

  it('accepts the SQL analysts write: windows, CTEs, FILL, array literals, lambdas, comments', async () => {
    for (const sql of [
      'SELECT bot, row_number() OVER (PARTITION BY bot ORDER BY ts) AS rn FROM call_logs QUALIFY rn = 1',
      "SELECT toStartOfHour(ts) AS h, count() AS c FROM call_logs WHERE bot NOT IN ['x', 'y'] GROUP BY h ORDER BY h WITH FILL",
      'WITH 2 AS two, hot AS (SELECT bot, max(duration_ms) AS d FROM call_logs GROUP BY bot) SELECT bot, d * two FROM hot',
      "SELECT arrayMap(x -> x * 2, [1, 2]) AS a, JSONExtractString(response, 'name') AS n FROM call_logs LIMIT 1 BY bot",
      'select 1 -- a comment\n;',
    ]) {
      await expect(asTenantA(sql), sql).resolves.toMatchObject({ truncated: false });
    }
  });
});

describe('refused SQL', () => {
  const outfile = join(tmpdir(), `loupe-outfile-${process.pid}.csv`);

  it.each([
    ['SELECT 1) ; DROP TABLE call_logs; SELECT (1', /^the query does not parse: .*Unmatched parentheses/],
    ['SELECT 1; DROP TABLE call_logs', 'only one SELECT statement is allowed'],
    ['SELECT * FROM call_logs; SELECT * FROM ingest_batches', 'only one SELECT statement is allowed'],
    ["INSERT INTO call_logs (tenant_id) VALUES ('tenant-a')", 'only SELECT statements are allowed, not INSERT'],
    ['ALTER TABLE call_logs DELETE WHERE 1', 'only SELECT statements are allowed, not ALTER'],
    ['CREATE TABLE stolen ENGINE = Memory AS SELECT * FROM api_keys', 'only SELECT statements are allowed, not CREATE'],
    ['DROP TABLE call_logs', 'only SELECT statements are allowed, not DROP'],
    ['TRUNCATE TABLE call_logs', 'only SELECT statements are allowed, not TRUNCATE'],
    ['SET readonly = 0', 'only SELECT statements are allowed, not SET'],
    ['SYSTEM DROP DNS CACHE', 'only SELECT statements are allowed, not SYSTEM'],
    ['KILL QUERY WHERE 1', 'only SELECT statements are allowed, not KILL'],
    ['OPTIMIZE TABLE call_logs FINAL', 'only SELECT statements are allowed, not OPTIMIZE'],
    ["SELECT * FROM file('x')", 'table function file() is not allowed'],
    ["SELECT * FROM url('http://127.0.0.1/', CSV)", 'table function url() is not allowed'],
    ["SELECT * FROM remote('127.0.0.1', default.call_logs)", 'table function remote() is not allowed'],
    ["SELECT * FROM s3('http://127.0.0.1/x.csv')", 'table function s3() is not allowed'],
    ['SELECT * FROM numbers(10)', 'table function numbers() is not allowed'],
    ["SELECT * FROM merge(currentDatabase(), '^call_logs$')", 'table function merge() is not allowed'],
    [
      'SELECT * FROM call_logs WHERE bot IN (SELECT toString(number) FROM numbers(3))',
      'table function numbers() is not allowed',
    ],
    ['SELECT * FROM system.tables', 'table system.tables is not allowed'],
    ['SELECT * FROM system.one', 'table system.one is not allowed'],
    ['SELECT * FROM `system`.`tables`', 'table system.tables is not allowed'],
    ['SELECT * FROM information_schema.tables', 'table information_schema.tables is not allowed'],
    ['SELECT * FROM INFORMATION_SCHEMA.TABLES', 'table INFORMATION_SCHEMA.TABLES is not allowed'],
    ['SELECT * FROM ingest_batches', 'table ingest_batches is not allowed'],
    ['SELECT * FROM loupe_migrations', 'table loupe_migrations is not allowed'],
    ['SELECT * FROM api_keys', 'table api_keys is not allowed'],
    [
      'SELECT * FROM call_logs WHERE tenant_id IN (SELECT tenant_id FROM ingest_batches)',
      'table ingest_batches is not allowed',
    ],
    ['WITH m AS (SELECT * FROM loupe_migrations) SELECT * FROM m', 'table loupe_migrations is not allowed'],
    [
      'WITH ingest_batches AS (SELECT * FROM ingest_batches) SELECT * FROM ingest_batches',
      'table ingest_batches is not allowed',
    ],
    ['SELECT * FROM call_logs AS c INNER JOIN tenants AS t ON 1', 'table tenants is not allowed'],
    ['SELECT tenant_id IN ingest_batches FROM call_logs', /^IN ingest_batches is not allowed/],
    [
      "SELECT * FROM call_logs SETTINGS additional_table_filters = {'call_logs': '1'}",
      'SETTINGS are not allowed in the query',
    ],
    [
      "SELECT * FROM (SELECT * FROM call_logs SETTINGS additional_table_filters = {'call_logs': '1'})",
      'SETTINGS are not allowed in the query',
    ],
    [
      "SELECT bot FROM call_logs UNION ALL SELECT bot FROM call_logs SETTINGS additional_table_filters = {'call_logs': '1'}",
      'SETTINGS are not allowed in the query',
    ],
    [`SELECT * FROM call_logs INTO OUTFILE '${outfile}'`, 'INTO OUTFILE is not allowed'],
    ['SELECT * FROM call_logs FORMAT CSV', 'FORMAT is not allowed in the query'],
    ["SELECT dictGet('tenants_dict', 'name', toUInt64(1))", 'function dictGet() is not allowed'],
    ["SELECT joinGet('call_logs', 'bot', 'x')", 'function joinGet() is not allowed'],
    ["SELECT file('/etc/passwd')", 'function file() is not allowed'],
    ["SELECT getSetting('additional_table_filters')", 'function getSetting() is not allowed'],
    ["SELECT hasColumnInTable('default', 'api_keys', 'secret')", 'function hasColumnInTable() is not allowed'],
    ['SELECT sleep(3)', 'function sleep() is not allowed'],
    ['SELECT editDistance(response, request) FROM call_logs', 'function editDistance() is not allowed'],
    ['SELECT arrayLevenshteinDistance([1], [2])', 'function arrayLevenshteinDistance() is not allowed'],
    ['SELECT {tenant:String}', 'query parameters ({name:Type}) are not allowed'],
    ['  ', 'the query is empty'],
    // Each table is a subquery of the tenant's rows; these would reach past it to the storage.
    [
      'SELECT tenant_id, bot FROM default.call_logs',
      /^write call_logs without a database name|^table default.call_logs is not allowed/,
    ],
    ["SELECT count() FROM call_logs PREWHERE tenant_id != ''", 'PREWHERE is not allowed: write WHERE'],
    ['SELECT count() FROM sessions FINAL', 'FINAL is not allowed'],
    ['SELECT count() FROM call_logs SAMPLE 1 / 2', 'SAMPLE is not allowed'],
    ['SELECT _part, count() FROM call_logs GROUP BY _part', 'virtual column _part is not allowed'],
    ['SELECT max(c._part_offset) FROM call_logs AS c', 'virtual column _part_offset is not allowed'],
    ['SELECT max(_block_number) FROM audit_events', 'virtual column _block_number is not allowed'],
    // A quoted name that would print as an extra line of the parsed tree.
    ['SELECT 1 AS `x\n      TableIdentifier call_logs`', 'quoted names may not contain escape sequences'],
  ])('refuses %s', async (sql, message) => {
    const refused = await asTenantA(sql).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SqlRejectedError);
    expect(refused).toMatchObject({ code: 'SQL_REJECTED' });
    expect((refused as SqlRejectedError).reason).toMatch(message);
    expect((refused as SqlRejectedError).message).toBe((refused as SqlRejectedError).reason);
  });

  it('left every table, row and file as it was', async () => {
    const counts = await plainRows<{ tenant_id: string; n: number }>(
      'SELECT tenant_id, count() AS n FROM call_logs GROUP BY tenant_id ORDER BY tenant_id',
    );
    expect(counts).toEqual([
      { tenant_id: 'tenant-a', n: 3 },
      { tenant_id: 'tenant-b', n: 2 },
    ]);
    const tables = await plainRows<{ name: string }>(
      "SELECT name FROM system.tables WHERE database = currentDatabase() AND name = 'stolen'",
    );
    expect(tables).toEqual([]);
    expect(existsSync(outfile)).toBe(false);
  });
});

describe('the session after an analyst query', () => {
  it('keeps no tenant filter, limit or read-only mode for the next query', async () => {
    await asTenantA('SELECT bot FROM call_logs', { maxRows: 1, timeoutSeconds: 3 });
    const counts = await plainRows<{ tenant_id: string }>(
      'SELECT DISTINCT tenant_id FROM call_logs ORDER BY tenant_id',
    );
    expect(counts.map((r) => r.tenant_id)).toEqual(['tenant-a', 'tenant-b']);
    const settings = await plainRows<Record<string, unknown>>(
      "SELECT toString(getSetting('readonly')) AS readonly, toString(getSetting('limit')) AS limit, toString(getSetting('max_execution_time')) AS timeout, toString(getSetting('additional_table_filters')) AS filters",
    );
    expect(settings).toEqual([{ readonly: '0', limit: '0', timeout: '0', filters: '{}' }]);
    // Writes still work, so read-only mode did not stick either.
    await expect(
      writer.write(CHANGE_AUDIT_TABLE, [toChangeAuditRow('tenant-c', SEED_CHANGE_AUDITS[0]!, meta())]),
    ).resolves.toBeUndefined();
  });

  it('hands the next caller a clean result even when the analyst query failed part-way', async () => {
    // chDB would otherwise prepend the failed query's partial output to the next query's.
    const failed = await asTenantA("SELECT bot, throwIf(bot = 'bot-a2') FROM call_logs").catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(SqlFailedError);
    await expect(plainRows('SELECT 1 AS x')).resolves.toEqual([{ x: 1 }]);
  });
});

describe('limits', () => {
  it('returns at most maxRows rows and says the result was cut', async () => {
    const result = await asTenantA('SELECT arrayJoin(range(25)) AS n ORDER BY n DESC', {
      maxRows: 10,
      timeoutSeconds: 5,
    });
    expect(result.rows.map((r) => Number(r.n))).toEqual([24, 23, 22, 21, 20, 19, 18, 17, 16, 15]);
    expect(result.truncated).toBe(true);
  });

  it('counts rows across UNION branches, and does not flag a result of exactly maxRows', async () => {
    const sql = 'SELECT bot FROM call_logs UNION ALL SELECT bot FROM call_logs';
    expect(await asTenantA(sql, { maxRows: 6, timeoutSeconds: 5 })).toMatchObject({
      truncated: false,
      rows: { length: 6 },
    });
    expect(await asTenantA(sql, { maxRows: 5, timeoutSeconds: 5 })).toMatchObject({
      truncated: true,
      rows: { length: 5 },
    });
  });

  it('applies the row limit to the result only, not to subqueries', async () => {
    const result = await asTenantA('SELECT count() AS n FROM (SELECT arrayJoin(range(100)) AS x)', {
      maxRows: 1,
      timeoutSeconds: 5,
    });
    expect(result).toEqual({ columns: [{ name: 'n', type: 'UInt64' }], rows: [{ n: '100' }], truncated: false });
  });

  it('stops a query that runs past its time limit', async () => {
    const slow =
      'SELECT sum(cityHash64(a, b)) FROM (SELECT arrayJoin(range(100000)) AS a) AS x CROSS JOIN (SELECT arrayJoin(range(100000)) AS b) AS y';
    const failed = await asTenantA(slow, { maxRows: 10, timeoutSeconds: 0.5 }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(SqlFailedError);
    expect(failed).toMatchObject({ code: 'SQL_TIMEOUT', clickhouse: { type: 'TIMEOUT_EXCEEDED' } });
  });
});

describe('ClickHouse errors', () => {
  it('stops a query that needs more memory than allowed', async () => {
    const hungry = "SELECT length(groupArray(repeat('a', 1000))) AS n FROM (SELECT arrayJoin(range(3000000)))";
    const failed = await asTenantA(hungry, { maxRows: 10, timeoutSeconds: 10, maxMemoryBytes: 100_000_000 }).catch(
      (e: unknown) => e,
    );
    expect(failed).toBeInstanceOf(SqlFailedError);
    expect(failed).toMatchObject({ code: 'SQL_FAILED', clickhouse: { type: 'MEMORY_LIMIT_EXCEEDED' } });
  });

  it("reports an unknown column with ClickHouse's reason", async () => {
    const failed = await asTenantA('SELECT no_such_column FROM call_logs').catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(SqlFailedError);
    expect(failed).toMatchObject({ code: 'SQL_FAILED', clickhouse: { type: 'UNKNOWN_IDENTIFIER' } });
    expect((failed as Error).message).toMatch(/Unknown expression identifier `no_such_column`/);
  });

  it('reports a reference to a table that does not exist', async () => {
    const failed = await asTenantA('WITH a AS (SELECT 1) SELECT * FROM a, nowhere').catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(SqlFailedError);
    expect((failed as Error).message).toMatch(/nowhere/);
  });
});
