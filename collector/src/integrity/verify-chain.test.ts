import { SEED_CHANGE_AUDITS, sampleAuditEvents } from '@loupe/schemas/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.close());

const post = (path: string, body: unknown, key = srv.adminKey) =>
  fetch(`${srv.url}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
const verify = async (table: string, key = srv.adminKey) =>
  (await (
    await fetch(`${srv.url}/v1/integrity/verify?table=${table}`, { headers: { Authorization: `Bearer ${key}` } })
  ).json()) as {
    ok: boolean;
    reports: { rowsChecked: number; firstProblem: { id: string; kind: string; seq: number } | null }[];
  };
const sql = (query: string) => srv.services.client.command({ query: `${query} SETTINGS mutations_sync = 2` });
const ids = async (table: string, tenant: string) =>
  (
    (await (
      await srv.services.client.query({
        query: `SELECT toString(id) AS id FROM ${table} WHERE tenant_id = '${tenant}' ORDER BY chain_id, chain_seq`,
        format: 'JSONEachRow',
      })
    ).json()) as { id: string }[]
  ).map((r) => r.id);

describe('audit chain', () => {
  it('verifies untouched data, written over many requests', async () => {
    for (let i = 0; i < 5; i++)
      expect((await post('/v1/audit-events', sampleAuditEvents(Date.now() - 60_000))).status).toBe(202);
    const r = await verify('audit_events');
    expect(r.ok).toBe(true);
    expect(r.reports[0]!.rowsChecked).toBe(70);
  });

  it('names the row whose content was changed', async () => {
    const t = await srv.addTenant('tamper-change');
    await post('/v1/change-audits', SEED_CHANGE_AUDITS, t.adminKey);
    const [, second] = await ids('change_audits', 'tamper-change');
    await sql(`ALTER TABLE change_audits UPDATE after = 'Fire' WHERE id = toUUID('${second}')`);
    const r = await verify('change_audits', t.adminKey);
    expect(r.ok).toBe(false);
    expect(r.reports[0]!.firstProblem).toMatchObject({ id: second, kind: 'changed', seq: 2 });
  });

  it('names the place of a removed row', async () => {
    const t = await srv.addTenant('tamper-remove');
    await post('/v1/audit-events', sampleAuditEvents(Date.now() - 60_000).slice(0, 5), t.adminKey);
    const rows = await ids('audit_events', 'tamper-remove');
    await sql(`DELETE FROM audit_events WHERE id = toUUID('${rows[2]}')`);
    const r = await verify('audit_events', t.adminKey);
    expect(r.reports[0]!.firstProblem).toMatchObject({ id: rows[3], kind: 'removed', seq: 3 });
  });

  it('names a row inserted out of order', async () => {
    const t = await srv.addTenant('tamper-insert');
    await post('/v1/audit-events', sampleAuditEvents(Date.now() - 60_000).slice(0, 3), t.adminKey);
    // A verbatim copy of row 3 slipped in as row 2: its own hash still holds, its place does not.
    await srv.services.client.command({
      query: `INSERT INTO audit_events SELECT * REPLACE (2 AS chain_seq) FROM (SELECT * FROM audit_events WHERE tenant_id = 'tamper-insert' AND chain_seq = 3)`,
    });
    const r = await verify('audit_events', t.adminKey);
    expect(r.reports[0]!.firstProblem).toMatchObject({ kind: 'inserted out of order', seq: 2 });
  });

  it("keeps each tenant's chain to itself", async () => {
    const r = await verify('audit_events');
    expect(r.ok).toBe(true);
  });
});
