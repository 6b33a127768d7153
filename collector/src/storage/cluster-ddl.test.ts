import type { ClickHouseClient } from '@clickhouse/client';
import { MIGRATIONS, SHARDING_KEYS, mutationTarget, toClusterDdl } from '@loupe/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStorage } from '../testing/test-storage.ts';
import { migrationsTableDdl } from './migrate.ts';

let client: ClickHouseClient;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ client, close } = await openTestStorage());
});
afterAll(() => close());

const all = [migrationsTableDdl, ...MIGRATIONS.flatMap((m) => m.statements)];
const clustered = all.flatMap((s) => toClusterDdl(s, { cluster: 'loupe' }));

describe('cluster DDL from the same migrations', () => {
  it("parses, every statement, with ClickHouse's own parser", async () => {
    for (const statement of clustered) {
      const r = await client.query({
        query: 'SELECT formatQuerySingleLine({q:String}) AS f',
        query_params: { q: statement },
        format: 'JSONEachRow',
      });
      const [{ f }] = (await r.json()) as [{ f: string }];
      expect(f, statement.slice(0, 60)).toContain('ON CLUSTER loupe');
    }
  });

  it('puts a replicated local table behind a distributed one for every table, sharded by its key', () => {
    const tables = all.map((s) => /CREATE TABLE IF NOT EXISTS (\w+)/.exec(s)?.[1]).filter((t): t is string => !!t);
    expect(tables.sort()).toEqual(Object.keys(SHARDING_KEYS).sort());
    for (const t of tables) {
      const local = clustered.find((s) => s.startsWith(`CREATE TABLE IF NOT EXISTS ${t}_local ON CLUSTER loupe`))!;
      expect(local).toMatch(
        new RegExp(
          `ENGINE = Replicated\\w*MergeTree\\('/clickhouse/tables/\\{shard\\}/\\{database\\}/${t}_local', '\\{replica\\}'`,
        ),
      );
      const dist = clustered.find((s) => s.startsWith(`CREATE TABLE IF NOT EXISTS ${t} ON CLUSTER loupe`))!;
      expect(dist).toBe(
        `CREATE TABLE IF NOT EXISTS ${t} ON CLUSTER loupe AS ${t}_local ENGINE = Distributed(loupe, currentDatabase(), ${t}_local, ${SHARDING_KEYS[t]})`,
      );
    }
  });

  it('keeps the version argument of replacing tables and the TTL of call logs', () => {
    expect(clustered.find((s) => s.includes('api_keys_local ON CLUSTER'))).toContain("'{replica}', version)");
    expect(clustered.find((s) => s.includes('call_logs_local ON CLUSTER'))).toMatch(
      /TTL toDate\(ts\) \+ toIntervalDay\(retention_days\)/,
    );
  });

  it('makes the session summary view read and write the local tables on each shard', () => {
    const mv = clustered.find((s) => s.startsWith('CREATE MATERIALIZED VIEW'))!;
    expect(mv).toMatch(/^CREATE MATERIALIZED VIEW IF NOT EXISTS sessions_mv ON CLUSTER loupe TO sessions_local AS/);
    expect(mv).toContain('FROM ingest_batches_local');
  });

  it("sends mutations (archiving deletes, retention updates) to each shard's local table", async () => {
    expect(mutationTarget('call_logs')).toBe('call_logs');
    const statement = `ALTER TABLE ${mutationTarget('call_logs', { cluster: 'loupe' })} UPDATE retention_days = 7 WHERE tenant_id = 't'`;
    const r = await client.query({
      query: 'SELECT formatQuerySingleLine({q:String}) AS f',
      query_params: { q: statement },
      format: 'JSONEachRow',
    });
    expect(((await r.json()) as [{ f: string }])[0].f).toMatch(
      /^ALTER TABLE call_logs_local ON CLUSTER loupe \(?UPDATE/,
    );
  });
});
