import type { ClickHouseClient } from '@clickhouse/client';
import { INTEGRATION_STATE_TABLE } from '@loupe/schemas';
import { sampleCallLog } from '@loupe/schemas/fixtures';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../services.ts';
import { startSmtpSink } from '../testing/smtp-sink.ts';
import { TEST_CONFIG, startTestServer, type TestServer } from '../testing/test-server.ts';
import { ALERT_WINDOW_MS } from './error-alerts.ts';

let srv: TestServer;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let clock = Date.now();
const spoolDir = mkdtempSync(join(tmpdir(), 'loupe-spool-'));
const now = () => clock;
/** Integration state inserts, counted on their way to storage (merges would hide them in the table). */
let stateWrites = 0;
const countingStateWrites = (c: ClickHouseClient) =>
  new Proxy(c, {
    get(target, k) {
      if (k === 'insert')
        return (p: Parameters<ClickHouseClient['insert']>[0]) => {
          if (p.table === INTEGRATION_STATE_TABLE) stateWrites++;
          return target.insert(p);
        };
      const v = Reflect.get(target, k) as unknown;
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });

beforeAll(async () => {
  smtp = await startSmtpSink();
  srv = await startTestServer({ SMTP_URL: smtp.url }, undefined, {}, now, countingStateWrites);
  const admin = { Authorization: `Bearer ${srv.adminKey}`, 'Content-Type': 'application/json' };
  await fetch(`${srv.url}/v1/users`, {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({
      username: 'owner@a',
      password: 'correct horse',
      role: 'Owner',
      email: 'owner@shop.example',
    }),
  });
  await fetch(`${srv.url}/v1/users`, {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({
      username: 'bb@a',
      password: 'correct horse',
      role: 'Bot Builder',
      email: 'builder@shop.example',
      notifyOnErrors: true,
    }),
  });
  await fetch(`${srv.url}/v1/users`, {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({
      username: 'agent@a',
      password: 'correct horse',
      role: 'Agent',
      email: 'agent@shop.example',
    }),
  });
});
afterAll(async () => {
  await srv.close();
  await smtp.close();
});

const postLogs = async (logs: object[]) => {
  const r = await fetch(`${srv.url}/v1/call-logs`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${srv.adminKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(logs),
  });
  expect(r.status).toBe(202);
  await srv.services.alerts.settled();
};

describe('error e-mails', () => {
  it('sends one e-mail for the first error of a bot, to the Owner and those who opted in', async () => {
    await postLogs([sampleCallLog(clock, { bot: 'Support bot', statusCode: 200 })]);
    expect(smtp.mails).toHaveLength(0);
    await postLogs([
      sampleCallLog(clock, { bot: 'Support bot', statusCode: 500 }),
      sampleCallLog(clock, { bot: 'Support bot', statusCode: 502 }),
    ]);
    await postLogs([sampleCallLog(clock, { bot: 'Support bot', statusCode: 500 })]);
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]!.to.sort()).toEqual(['builder@shop.example', 'owner@shop.example']);
    expect(smtp.mails[0]!.subject).toContain('Support bot');
    expect(smtp.mails[0]!.text).toContain('no further e-mail is sent for this bot for 24 hours');
  });

  it('treats each bot on its own', async () => {
    await postLogs([sampleCallLog(clock, { bot: 'Sales bot', statusCode: 0 })]);
    expect(smtp.mails.map((m) => m.subject)).toEqual([
      expect.stringContaining('Support bot'),
      expect.stringContaining('Sales bot'),
    ]);
  });

  it('stays quiet across a restart and sends again once 24 hours have passed', async () => {
    // A restart: new services over the same storage, with nothing remembered in memory.
    const restarted = await createServices(
      srv.services.client,
      { ...TEST_CONFIG, SMTP_URL: smtp.url, LOUPE_SPOOL_DIR: spoolDir },
      pino({ level: 'silent' }),
      now,
    );
    clock += ALERT_WINDOW_MS - 60_000;
    restarted.alerts.observe(srv.tenantId, [sampleCallLog(clock, { bot: 'Support bot', statusCode: 500 })]);
    await restarted.alerts.settled();
    expect(smtp.mails).toHaveLength(2);
    clock += 2 * 60_000;
    restarted.alerts.observe(srv.tenantId, [sampleCallLog(clock, { bot: 'Support bot', statusCode: 500 })]);
    restarted.alerts.observe(srv.tenantId, [sampleCallLog(clock, { bot: 'Support bot', statusCode: 500 })]);
    await restarted.alerts.settled();
    expect(smtp.mails).toHaveLength(3);
  });
});

describe('broken integrations', () => {
  it('flags an integration failing with 401 or 403, notifies, and clears it on success', async () => {
    const sent = smtp.mails.length;
    await postLogs([sampleCallLog(clock, { application: 'Google Sheets', bot: 'Lead bot', statusCode: 403 })]);
    const flagged = (await (
      await fetch(`${srv.url}/v1/integrations`, { headers: { Authorization: `Bearer ${srv.adminKey}` } })
    ).json()) as { items: { application: string; needsReauth: boolean }[] };
    expect(flagged.items).toContainEqual(
      expect.objectContaining({ application: 'Google Sheets', bot: 'Lead bot', needsReauth: true, lastStatus: 403 }),
    );
    expect(smtp.mails.slice(sent).map((m) => m.subject)).toContainEqual(
      expect.stringContaining('Google Sheets needs re-authorisation'),
    );

    await postLogs([sampleCallLog(clock + 1, { application: 'Google Sheets', bot: 'Lead bot', statusCode: 200 })]);
    const cleared = (await (
      await fetch(`${srv.url}/v1/integrations`, { headers: { Authorization: `Bearer ${srv.adminKey}` } })
    ).json()) as { items: { application: string; needsReauth: boolean }[] };
    expect(cleared.items.find((i) => i.application === 'Google Sheets')!.needsReauth).toBe(false);
  });

  it('keeps up with a busy integration: a burst of requests costs a few state writes, not one each', async () => {
    const integration = { application: 'Busy CRM', bot: 'Busy bot' };
    const admin = { Authorization: `Bearer ${srv.adminKey}`, 'Content-Type': 'application/json' };
    const writesBefore = stateWrites;
    // Twenty requests at once, each with a status the state would show (it changes every time).
    const statuses = Array.from({ length: 20 }, (_, i) => 200 + (i % 4));
    const answers = await Promise.all(
      statuses.map((statusCode, i) =>
        fetch(`${srv.url}/v1/call-logs`, {
          method: 'POST',
          headers: admin,
          body: JSON.stringify([sampleCallLog(clock + 10 + i, { ...integration, statusCode })]),
        }),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(statuses.map(() => 202));
    await srv.services.alerts.settled();
    const list = (await (
      await fetch(`${srv.url}/v1/integrations`, { headers: { Authorization: `Bearer ${srv.adminKey}` } })
    ).json()) as { items: { application: string; lastStatus: number }[] };
    expect(statuses).toContain(list.items.find((i) => i.application === 'Busy CRM')?.lastStatus);
    // A request arriving while the integration's update waits takes its place: one write per update.
    expect(stateWrites - writesBefore).toBeLessThan(10);
  });
});
