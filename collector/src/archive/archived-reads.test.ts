import { SEED_CHANGE_AUDITS } from '@loupe/schemas/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { monthsToRead } from './archived-months.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.close());

const call = (path: string, init: RequestInit = {}) =>
  fetch(`${srv.url}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${srv.adminKey}`, 'Content-Type': 'application/json', ...init.headers },
  });
const send = (path: string, method: string, body: unknown) => call(path, { method, body: JSON.stringify(body) });
const text = async (path: string) => (await call(path)).text();
const count = async (path: string) => ((await (await call(path)).json()) as { items: unknown[] }).items.length;
const iso = (ms: number) => new Date(ms).toISOString();

describe('reads of archived months', () => {
  it("keeps seed 000's date-range report the same, byte for byte, once its month is archived", async () => {
    const january = SEED_CHANGE_AUDITS.map((c) => ({
      ...c,
      field: `Jan ${c.field}`,
      actionDate: '2023-01-10T08:00:00Z',
    }));
    await send('/v1/change-audits', 'POST', [
      ...SEED_CHANGE_AUDITS.map((c) => ({ ...c, actionDate: iso(c.actionDate) })),
      ...january,
    ]);
    const report = '/v1/change-audits/export.csv?from=2022-11-01&to=2022-11-30';
    const before = await text(report);
    expect(before.trim().split('\n')).toHaveLength(4);
    const listBefore = await text('/v1/change-audits?from=2022-11-01&to=2022-11-30');

    await send('/v1/settings', 'PUT', { archiveAfterMonths: 1 });
    const run = (await (await call('/v1/archive/run', { method: 'POST' })).json()) as {
      archived: { table: string; month: number }[];
    };
    expect(run.archived).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ table: 'change_audits', month: 202211 }),
        expect.objectContaining({ table: 'change_audits', month: 202301 }),
      ]),
    );

    // Gone from the live table, as the fast path shows...
    expect(await count('/v1/change-audits?from=2022-11-01&to=2022-11-30&includeArchived=false')).toBe(0);
    // ...yet the report, its filters and the list read the archived month without being asked.
    expect(await text(report)).toBe(before);
    expect(await text('/v1/change-audits?from=2022-11-01&to=2022-11-30')).toBe(listBefore);
    expect(await text(`${report}&origin=External%20API`)).toBe(
      'Facility,Username,Field,Before,After,Action Date,Action,Origin\n' +
        'Channels,Administrator,Description,,Test,2022-11-01 14:29:53,Add,ExternalAPI\n',
    );
    // A range over both archived months, and no range at all, reads both, each row once.
    expect(await count('/v1/change-audits?from=2022-10-01&to=2023-02-28')).toBe(6);
    expect(await count('/v1/change-audits')).toBe(6);
    expect(await count('/v1/change-audits?from=2023-01-01')).toBe(3);
    expect(await count('/v1/change-audits?from=2023-02-01&includeArchived=true')).toBe(0);
  });

  it('counts a month whose run is still deleting its live rows once, from the live table', async () => {
    const march = SEED_CHANGE_AUDITS.map((c) => ({
      ...c,
      field: `Mar ${c.field}`,
      actionDate: '2023-03-10T08:00:00Z',
    }));
    await send('/v1/change-audits', 'POST', march);
    await srv.services.writer.flush();
    // What a run leaves when it stops between writing the file and deleting the live rows.
    const files = srv.services.archiveFiles;
    const path = files.pathFor(srv.tenantId, 'change_audits', 202303, 'interrupted');
    files.prepare(path);
    const client = srv.services.client;
    await client.command({
      query: `INSERT INTO FUNCTION file({p:String}, 'Parquet') SELECT * FROM change_audits
              WHERE tenant_id = {t:String} AND toYYYYMM(action_date) = 202303`,
      query_params: { p: path, t: srv.tenantId },
    });
    await client.insert({
      table: 'archive_runs',
      values: [
        {
          tenant_id: srv.tenantId,
          table_name: 'change_audits',
          month: 202303,
          path,
          state: 'exported',
          rows: 3,
          started_at: Date.now(),
          updated_at: Date.now(),
          version: Date.now() * 10 + 1,
        },
      ],
      format: 'JSONEachRow',
    });
    expect(files.exists(path)).toBe(true);
    expect(await count('/v1/change-audits?from=2023-03-01&to=2023-03-31')).toBe(3);
    expect(await count('/v1/change-audits?from=2023-03-01&to=2023-03-31&includeArchived=true')).toBe(3);
    expect((await text('/v1/change-audits/export.csv?from=2023-03-01&to=2023-03-31')).trim().split('\n')).toHaveLength(
      4,
    );
  });

  it('reads only the months a range touches', () => {
    const months = [202211, 202301, 202312];
    const ms = (s: string) => Date.parse(s);
    expect(monthsToRead(months, {}, undefined)).toEqual(months);
    expect(monthsToRead(months, { from: ms('2022-11-30T23:59:59.999Z') }, undefined)).toEqual(months);
    expect(monthsToRead(months, { from: ms('2022-12-01T00:00:00Z') }, undefined)).toEqual([202301, 202312]);
    expect(monthsToRead(months, { to: ms('2023-01-01T00:00:00Z') }, undefined)).toEqual([202211, 202301]);
    expect(
      monthsToRead(months, { from: ms('2023-02-01T00:00:00Z'), to: ms('2023-11-30T00:00:00Z') }, undefined),
    ).toEqual([]);
    expect(monthsToRead(months, { from: ms('2024-01-01T00:00:00Z') }, true)).toEqual(months);
    expect(monthsToRead(months, {}, false)).toEqual([]);
  });
});
