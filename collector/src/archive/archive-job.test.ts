import type { ClickHouseClient } from '@clickhouse/client';
import { AUDIT_TABLE, CHANGE_AUDIT_TABLE, auditChainContent, toAuditRow, toChangeAuditRow } from '@loupe/schemas';
import { SEED_CHANGE_AUDITS, sampleAuditEvents } from '@loupe/schemas/fixtures';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { rowId } from '../ids/row-id.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettingsStore } from '../admin/settings-store.ts';
import { BatchWriter } from '../storage/batch-writer.ts';
import { openTestStorage } from '../testing/test-storage.ts';
import { AuditChain } from '../integrity/audit-chain.ts';
import { verifyChain } from '../integrity/verify-chain.ts';
import { listAuditEvents } from '../records/record-queries.ts';
import { folderArchive } from './archive-files.ts';
import { withArchive } from './archived-source.ts';
import { ArchiveJob, archiveCutoff } from './archive-job.ts';

const NOW = Date.UTC(2026, 10, 23, 12);
const JULY = Date.UTC(2026, 6, 10);
const AUGUST = Date.UTC(2026, 7, 20);
const NOVEMBER = Date.UTC(2026, 10, 2);

let client: ClickHouseClient;
let close: () => Promise<void>;
let writer: BatchWriter;
let settings: SettingsStore;
const root = mkdtempSync(join(tmpdir(), 'loupe-archive-'));
const files = folderArchive(root);
const job = (c: ClickHouseClient = client) =>
  new ArchiveJob({ client: c, settings, files, logger: pino({ level: 'silent' }), now: () => NOW });

beforeAll(async () => {
  ({ client, close } = await openTestStorage());
  writer = new BatchWriter(client, { maxRows: 10_000, flushIntervalMs: 5 });
  settings = new SettingsStore(client, 0, () => NOW);
});
afterAll(async () => {
  await writer.close();
  await close();
  rmSync(root, { recursive: true, force: true });
});

const meta = () => ({ id: rowId(), keyId: 'k', receivedAt: NOW - 1000 });
async function seed(tenant: string): Promise<void> {
  for (const t0 of [JULY, AUGUST, NOVEMBER]) {
    await writer.write(
      AUDIT_TABLE,
      sampleAuditEvents(t0).map((e) => toAuditRow(tenant, e, meta())),
    );
    await writer.write(
      CHANGE_AUDIT_TABLE,
      SEED_CHANGE_AUDITS.map((c) => toChangeAuditRow(tenant, { ...c, actionDate: t0 }, meta())),
    );
  }
  await settings.put(tenant, { ...(await settings.get(tenant)), archiveAfterMonths: 2 });
}
const count = async (sql: string) =>
  Number(((await (await client.query({ query: sql, format: 'JSONEachRow' })).json()) as { n: number }[])[0]!.n);
const live = (table: string, tenant: string) =>
  count(`SELECT count() AS n FROM ${table} WHERE tenant_id = '${tenant}'`);
const archived = (table: string, tenant: string) =>
  count(`SELECT count() AS n FROM file('${files.globFor(tenant, table)}', 'Parquet')`);
const filesOf = (tenant: string, table: string) => readdirSync(join(root, tenant, table)).sort();

/** A client whose DELETE statements fail, as if the process died between export and delete. */
function crashingOnDelete(c: ClickHouseClient): ClickHouseClient {
  return new Proxy(c, {
    get(target, prop, receiver) {
      if (prop === 'command') {
        return (p: { query: string }) =>
          p.query.trimStart().startsWith('DELETE')
            ? Promise.reject(new Error('simulated crash'))
            : target.command(p as never);
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

describe('archiving', () => {
  it('cuts at the start of the month N months back, and 0 means never', async () => {
    expect(new Date(archiveCutoff(NOW, 2)).toISOString()).toBe('2026-09-01T00:00:00.000Z');
    expect(await job().runTenant('never')).toEqual([]);
  });

  it('moves each month older than the setting to Parquet with exact counts, and the live rows go', async () => {
    await seed('arch-a');
    const results = await job().runTenant('arch-a');
    expect(results.map((r) => `${r.table} ${r.month} ${r.rows}`).sort()).toEqual([
      'audit_events 202607 14',
      'audit_events 202608 14',
      'change_audits 202607 3',
      'change_audits 202608 3',
    ]);
    expect(await live(AUDIT_TABLE, 'arch-a')).toBe(14);
    expect(await live(CHANGE_AUDIT_TABLE, 'arch-a')).toBe(3);
    expect(await archived(AUDIT_TABLE, 'arch-a')).toBe(28);
    expect(await archived(CHANGE_AUDIT_TABLE, 'arch-a')).toBe(6);
    const history = await job().history('arch-a');
    expect(history.filter((h) => h.state === 'done')).toHaveLength(4);
    expect(await job().runTenant('arch-a')).toEqual([]);
  });

  it('finishes a run that crashed after exporting, with nothing lost or doubled', async () => {
    await seed('arch-b');
    await expect(job(crashingOnDelete(client)).runTenant('arch-b')).rejects.toThrow('simulated crash');
    expect(await live(AUDIT_TABLE, 'arch-b')).toBe(42);
    const after = await job().runTenant('arch-b');
    expect(after.map((r) => `${r.table} ${r.month}`).sort()).toEqual([
      'audit_events 202607',
      'audit_events 202608',
      'change_audits 202607',
      'change_audits 202608',
    ]);
    expect(await live(AUDIT_TABLE, 'arch-b')).toBe(14);
    expect(await archived(AUDIT_TABLE, 'arch-b')).toBe(28);
    expect(await archived(CHANGE_AUDIT_TABLE, 'arch-b')).toBe(6);
    expect(filesOf('arch-b', AUDIT_TABLE)).toHaveLength(2);
  });

  it('redoes a month whose file was left half written', async () => {
    await seed('arch-c');
    // What a crash during the export leaves: a run marked exporting and a file with part of the rows.
    const torn = files.pathFor('arch-c', AUDIT_TABLE, 202607, 'torn');
    files.prepare(torn);
    await client.command({
      query: `INSERT INTO FUNCTION file('${torn}', 'Parquet') SELECT * FROM audit_events WHERE tenant_id = 'arch-c' AND toYYYYMM(ts) = 202607 LIMIT 5`,
    });
    await client.insert({
      table: 'archive_runs',
      values: [
        {
          tenant_id: 'arch-c',
          table_name: AUDIT_TABLE,
          month: 202607,
          path: torn,
          state: 'exporting',
          rows: 14,
          started_at: NOW - 5000,
          updated_at: NOW - 5000,
          version: 1,
        },
      ],
      format: 'JSONEachRow',
    });
    await job().runTenant('arch-c');
    expect(filesOf('arch-c', AUDIT_TABLE).some((f) => f.includes('torn'))).toBe(false);
    expect(await archived(AUDIT_TABLE, 'arch-c')).toBe(28);
    expect(await live(AUDIT_TABLE, 'arch-c')).toBe(14);
    expect((await job().history('arch-c')).find((h) => h.path === torn)?.state).toBe('abandoned');
  });

  it('keeps the audit chain verifiable and the rows readable across live and archive', async () => {
    const chained = new BatchWriter(client, {
      maxRows: 10_000,
      flushIntervalMs: 5,
      stampers: { [AUDIT_TABLE]: () => new AuditChain(auditChainContent) },
    });
    for (const t0 of [JULY, AUGUST, NOVEMBER])
      await chained.write(
        AUDIT_TABLE,
        sampleAuditEvents(t0).map((e) => toAuditRow('arch-chain', e, meta())),
      );
    await chained.close();
    await settings.put('arch-chain', { ...(await settings.get('arch-chain')), archiveAfterMonths: 2 });
    await job().runTenant('arch-chain');
    expect(await live(AUDIT_TABLE, 'arch-chain')).toBe(14);
    expect(await verifyChain(client, AUDIT_TABLE, 'arch-chain', { archive: files })).toMatchObject({
      ok: true,
      rowsChecked: 42,
    });
    // Read without the archive, the chain looks cut: which is why the verifier reads both.
    expect((await verifyChain(client, AUDIT_TABLE, 'arch-chain')).firstProblem?.kind).toBe('removed');
    const source = await withArchive(client, files, 'arch-chain', AUDIT_TABLE);
    const all = await listAuditEvents(client, { tenantId: 'arch-chain', source, limit: 100 });
    expect(all.items).toHaveLength(42);
    expect(all.items.at(-1)!.ts).toBe(JULY);
  });

  it('leaves other tenants alone', async () => {
    expect(await live(AUDIT_TABLE, 'arch-a')).toBe(14);
    await seed('arch-keep');
    await settings.put('arch-keep', { ...(await settings.get('arch-keep')), archiveAfterMonths: 0 });
    await job().runAll();
    expect(await live(AUDIT_TABLE, 'arch-keep')).toBe(42);
  });
});
