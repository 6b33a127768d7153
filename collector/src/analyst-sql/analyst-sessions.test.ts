import type { ClickHouseClient } from '@clickhouse/client';
import { sampleBatch } from '@loupe/schemas/fixtures';
import { ANALYST_SCHEMA, SESSIONS_TABLE } from '@loupe/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchWriter } from '../storage/batch-writer.ts';
import { RecorderSink } from '../storage/recorder-sink.ts';
import { openTestStorage } from '../testing/test-storage.ts';
import { type AnalystSqlOptions, runAnalystSql, SqlRejectedError } from './index.ts';

let client: ClickHouseClient;
let close: () => Promise<void>;
let writer: BatchWriter;
const opts: AnalystSqlOptions = { maxRows: 1000, timeoutSeconds: 10 };
const asTenantA = (sql: string) => runAnalystSql(client, 'tenant-a', sql, opts);
/** A minute before the last UTC midnight: `sess-a-night` has a summary row on each side of it. */
const midnight = Math.floor(Date.now() / 86_400_000) * 86_400_000;
const t0 = midnight - 60_000;
const showsTenantB = (rows: unknown) => ['tenant-b', 'sess-b'].some((m) => JSON.stringify(rows).includes(m));

async function plainRows<T>(query: string): Promise<T[]> {
  return (await (await client.query({ query, format: 'JSON' })).json<T>()).data;
}

beforeAll(async () => {
  ({ client, close } = await openTestStorage());
  writer = new BatchWriter(client, { maxRows: 1000, flushIntervalMs: 10 });
  const sink = new RecorderSink(client, writer);
  // One after another: each batch's summary row lands in a part of its own, unmerged.
  const batches: [string, ReturnType<typeof sampleBatch>][] = [
    ['tenant-a', sampleBatch('sess-a-three', 0, t0)],
    ['tenant-a', sampleBatch('sess-a-three', 1, t0 + 10_000)],
    ['tenant-a', sampleBatch('sess-a-three', 2, t0 + 20_000, { user: { id: 'cust-99', name: 'Grace' } })],
    ['tenant-a', sampleBatch('sess-a-night', 0, t0)],
    ['tenant-a', sampleBatch('sess-a-night', 1, midnight + 60_000)],
    ['tenant-a', sampleBatch('sess-a-one', 0, t0)],
    ['tenant-b', sampleBatch('sess-b', 0, t0)],
    ['tenant-b', sampleBatch('sess-b', 1, t0 + 5_000)],
  ];
  for (const [tenant, batch] of batches) await sink.store(tenant, batch);
});
afterAll(async () => {
  await writer.close();
  await close();
});

describe('sessions, as analysts see it', () => {
  it('has one row per session, however many batches and days it was sent in', async () => {
    // The stored summary really holds several rows per session: without the merge this test fails.
    const [stored] = await plainRows<{ n: string }>(`SELECT count() AS n FROM ${SESSIONS_TABLE}`);
    expect(Number(stored!.n)).toBeGreaterThan(4);
    const { rows } = await asTenantA('SELECT count() AS n FROM sessions');
    expect(Number(rows[0]!.n)).toBe(3);
    const grouped = await asTenantA('SELECT session_id, count() AS n FROM sessions GROUP BY session_id');
    expect(grouped.rows.every((r) => Number(r.n) === 1)).toBe(true);
  });

  it('gives readable values for SELECT *: times, merged counts, the entry page, the user', async () => {
    const { rows, columns } = await asTenantA("SELECT * FROM sessions WHERE session_id = 'sess-a-three'");
    expect(rows).toHaveLength(1);
    const s = rows[0]!;
    const one = sampleBatch('sess-a-three', 0, t0);
    expect(Number(s.event_count)).toBe(3 * one.events.length);
    expect(Number(s.replay_count)).toBe(3 * one.replay.length);
    expect(Number(s.batch_count)).toBe(3);
    expect(s.started_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/);
    expect(Date.parse(`${s.started_at}Z`)).toBe(t0);
    expect(Number(s.duration_ms)).toBe(Date.parse(`${s.ended_at}Z`) - t0);
    expect(Number(s.duration_ms)).toBeGreaterThanOrEqual(20_000);
    expect(s.entry_url).toBe(one.events[0]!.url);
    expect(s.user_id).toBe('cust-99');
    expect(s.tenant_id).toBe('tenant-a');
    // No aggregate state anywhere: neither in the types nor as raw bytes in the values.
    expect(columns.map((c) => c.type).join()).not.toMatch(/AggregateFunction/);
    for (const value of Object.values(s)) expect(JSON.stringify(value)).not.toMatch(/\\u0000|\\u000[1-8]/);
  });

  it('merges a session that crossed midnight into one, from its first to its last event', async () => {
    const { rows } = await asTenantA(
      "SELECT started_at, ended_at, batch_count FROM sessions WHERE session_id = 'sess-a-night'",
    );
    expect(rows).toHaveLength(1);
    expect(Date.parse(`${rows[0]!.started_at}Z`)).toBe(t0);
    expect(Date.parse(`${rows[0]!.ended_at}Z`)).toBeGreaterThan(midnight + 60_000);
    expect(Number(rows[0]!.batch_count)).toBe(2);
  });

  it('answers SELECT * of every analyst table with exactly the declared columns and types', async () => {
    for (const table of ANALYST_SCHEMA) {
      const { columns } = await asTenantA(`SELECT * FROM ${table.name} LIMIT 0`);
      expect(columns, table.name).toEqual(table.columns.map(({ name, type }) => ({ name, type })));
    }
  });

  it('declares every stored column of the tables analysts read as they are (no migration drifts past it)', async () => {
    const stored = await plainRows<{ table: string; name: string }>(
      `SELECT table, name FROM system.columns WHERE database = currentDatabase()
         AND default_kind NOT IN ('MATERIALIZED', 'ALIAS', 'EPHEMERAL') ORDER BY table, position`,
    );
    for (const table of ANALYST_SCHEMA.filter((t) => !t.groupBy)) {
      const names = stored.filter((c) => c.table === table.name).map((c) => c.name);
      expect(
        table.columns.map((c) => c.name),
        table.name,
      ).toEqual(names);
    }
  });
});

describe("another tenant's sessions", () => {
  it.each([
    "SELECT * FROM sessions WHERE tenant_id = 'tenant-b'",
    "SELECT * FROM sessions WHERE session_id = 'sess-b'",
    'SELECT * FROM sessions WHERE session_id NOT IN (SELECT session_id FROM cobrowse_events)',
  ])('find nothing through %s', async (sql) => {
    expect((await asTenantA(sql)).rows).toEqual([]);
  });

  const attacks = [
    "SELECT * FROM sessions WHERE session_id = 'sess-b' OR 1 = 1",
    'SELECT s.*, c.* FROM sessions AS s FULL OUTER JOIN cobrowse_events AS c ON s.session_id = c.session_id',
    'SELECT * FROM sessions AS s CROSS JOIN sessions AS t',
    'SELECT * FROM sessions WHERE session_id IN (SELECT session_id FROM cobrowse_events)',
    'SELECT (SELECT groupArray(session_id) FROM sessions) AS ids, (SELECT groupArray(tenant_id) FROM sessions) AS t',
    'WITH x AS (SELECT * FROM sessions) SELECT * FROM x UNION ALL SELECT * FROM sessions',
    'SELECT session_id, sum(batch_count) FROM sessions GROUP BY session_id WITH TOTALS',
  ];
  it.each(attacks)('stay unseen through %s', async (sql) => {
    const { rows } = await asTenantA(sql);
    expect(rows.length).toBeGreaterThan(0);
    expect(showsTenantB(rows)).toBe(false);
  });

  it('stay unseen with PREWHERE, FINAL or a database-qualified name, which are refused', async () => {
    const refused = [
      "SELECT * FROM sessions PREWHERE tenant_id = 'tenant-b'",
      'SELECT * FROM sessions FINAL',
      'SELECT * FROM default.sessions',
      'SELECT * FROM (SELECT * FROM sessions_mv)',
    ];
    for (const sql of refused) await expect(asTenantA(sql), sql).rejects.toBeInstanceOf(SqlRejectedError);
  });

  it('are there for tenant B itself', async () => {
    const { rows } = await runAnalystSql(client, 'tenant-b', 'SELECT session_id, batch_count FROM sessions', opts);
    expect(rows.map((r) => [r.session_id, Number(r.batch_count)])).toEqual([['sess-b', 2]]);
  });
});
