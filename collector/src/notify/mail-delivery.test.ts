import { sampleCallLog } from '@loupe/schemas/fixtures';
import { spawnCollector, type CollectorProcess } from '@loupe/testkit/collector-process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink, type ReceivedMail } from '../testing/smtp-sink.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { ErrorAlerts } from './error-alerts.ts';
import { createMailer } from './mailer.ts';

let srv: TestServer;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
const root = mkdtempSync(join(tmpdir(), 'loupe-mail-'));
const procs: CollectorProcess[] = [];

beforeAll(async () => {
  smtp = await startSmtpSink();
  srv = await startTestServer({
    SMTP_URL: smtp.url,
    SMTP_FROM: 'Shop alerts <alerts@shop.example>',
    LOUPE_PUBLIC_URL: 'https://loupe.shop.example/',
  });
});
afterAll(async () => {
  for (const p of procs) await p.kill();
  await srv.close();
  await smtp.close();
  rmSync(root, { recursive: true, force: true });
});

const postLogs = async (url: string, key: string, logs: object[]) => {
  const r = await fetch(`${url}/v1/call-logs`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(logs),
  });
  expect(r.status).toBe(202);
};
const post = async (logs: object[]) => {
  await postLogs(srv.url, srv.adminKey, logs);
  await srv.services.alerts.settled();
};
const undelivered = async (url = srv.url, key = srv.adminKey) =>
  (await (
    await fetch(`${url}/v1/notifications/undelivered`, { headers: { Authorization: `Bearer ${key}` } })
  ).json()) as {
    items: { subject: string; reason: string }[];
    total: number;
  };
const headersOf = (m: ReceivedMail) => m.raw.slice(0, m.raw.indexOf('\r\n\r\n'));

describe('a notification with nobody to send it to', () => {
  it('is logged and listed for the viewer, and does not use up the bot’s 24-hour window', async () => {
    // The tenant has no user with an address and no recipients in settings.
    await post([sampleCallLog(Date.now(), { bot: 'quiet-bot', statusCode: 500 })]);
    expect(smtp.mails).toHaveLength(0);
    const notices = await undelivered();
    expect(notices.total).toBe(1);
    expect(notices.items[0]).toMatchObject({
      subject: expect.stringContaining('quiet-bot'),
      reason: expect.stringMatching(/nobody has an e-mail address/),
    });

    const r = await fetch(`${srv.url}/v1/settings`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${srv.adminKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ notificationRecipients: ['ops@shop.example', 'owner@shop.example'] }),
    });
    expect(r.status).toBe(200);
    // The same bot's next error is still "the first" someone hears of.
    await post([sampleCallLog(Date.now(), { bot: 'quiet-bot', statusCode: 502, application: 'Sheets' })]);
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]!.subject).toContain('quiet-bot');
    expect((await undelivered()).total).toBe(0);
  });

  it('is recorded when no SMTP server is configured, instead of passing for sent', async () => {
    const alerts = new ErrorAlerts({
      client: srv.services.client,
      mailer: createMailer(undefined),
      recipients: async () => ['someone@shop.example'],
      logger: pino({ level: 'silent' }),
      now: Date.now,
    });
    alerts.observe(srv.tenantId, [sampleCallLog(Date.now(), { bot: 'no-smtp-bot', statusCode: 500 })]);
    await alerts.settled();
    expect(alerts.undelivered.list(srv.tenantId).items[0]!.reason).toMatch(/no SMTP server is configured/);
  });
});

describe('the e-mail', () => {
  it('goes to every recipient in Bcc, from SMTP_FROM, with a link to the call logs in the viewer', () => {
    const mail = smtp.mails[0]!;
    expect(mail.to.sort()).toEqual(['ops@shop.example', 'owner@shop.example']);
    const headers = headersOf(mail);
    expect(headers).not.toMatch(/ops@shop\.example|owner@shop\.example/);
    // An empty group (RFC 5322), the display name quoted by nodemailer.
    expect(headers).toMatch(/^To: "?undisclosed-recipients"?:;$/m);
    expect(headers).not.toMatch(/^Bcc:/im);
    expect(headers).toMatch(/^From: Shop alerts <alerts@shop\.example>$/m);
    expect(mail.text).toContain(
      'Open the call log: https://loupe.shop.example/call-logs?bot=quiet-bot&application=Sheets&status=error',
    );
  });

  it('is one per event: a 401 that is a bot’s first error and flags its integration sends one mail', async () => {
    const before = smtp.mails.length;
    await post([sampleCallLog(Date.now(), { bot: 'lead-bot', application: 'CRM', statusCode: 401 })]);
    expect(smtp.mails.slice(before).map((m) => m.subject)).toEqual([
      expect.stringContaining('CRM needs re-authorisation for lead-bot'),
    ]);
    // That mail was the bot's first-error mail too: its 24 hours of quiet have begun.
    await post([sampleCallLog(Date.now(), { bot: 'lead-bot', application: 'CRM', statusCode: 500 })]);
    expect(smtp.mails).toHaveLength(before + 1);
  });
});

describe('a fresh install', () => {
  const collectorDir = fileURLToPath(new URL('../..', import.meta.url));
  const ADMIN = 'mail-test-admin-key-0123456789-abcdef';
  const env = (name: string, extra: Record<string, string>) => ({
    PATH: process.env.PATH,
    PORT: '0',
    LOUPE_DATA_DIR: join(root, name, 'data'),
    LOUPE_SPOOL_DIR: join(root, name, 'spool'),
    LOUPE_ARCHIVE_DIR: join(root, name, 'archive'),
    LOUPE_ADMIN_KEY: ADMIN,
    SMTP_URL: smtp.url,
    LOUPE_LOG_LEVEL: 'warn',
    ...extra,
  });
  const start = async (name: string, extra: Record<string, string> = {}) => {
    const p = await spawnCollector({ dir: collectorDir, env: env(name, extra), args: ['bin/loupe.mjs'] });
    procs.push(p);
    return p;
  };
  const mailsTo = (address: string) => smtp.mails.filter((m) => m.to.includes(address));

  it('with LOUPE_ADMIN_EMAIL sends the first error mail to the first Owner', async () => {
    const p = await start('fresh', { LOUPE_ADMIN_EMAIL: 'first-owner@shop.example' });
    await postLogs(p.url, ADMIN, [sampleCallLog(Date.now(), { bot: 'fresh-bot', statusCode: 500 })]);
    await expect.poll(() => mailsTo('first-owner@shop.example').length, { timeout: 30_000 }).toBe(1);
    expect(mailsTo('first-owner@shop.example')[0]!.subject).toContain('fresh-bot');
    expect(await p.stop()).toBe(0);
  });

  it('without it says why nothing was sent, and the next start with it gives the Owner the address', async () => {
    const first = await start('later');
    await postLogs(first.url, ADMIN, [sampleCallLog(Date.now(), { bot: 'later-bot', statusCode: 500 })]);
    await expect.poll(async () => (await undelivered(first.url, ADMIN)).total, { timeout: 30_000 }).toBe(1);
    const warned = first
      .stdout()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { msg: string; reason?: string });
    expect(warned).toContainEqual(
      expect.objectContaining({ msg: expect.stringMatching(/^notification not sent: nobody/) }),
    );
    expect(await first.stop()).toBe(0);

    const again = await start('later', { LOUPE_ADMIN_EMAIL: 'late-owner@shop.example' });
    await postLogs(again.url, ADMIN, [sampleCallLog(Date.now(), { bot: 'later-bot', statusCode: 500 })]);
    await expect.poll(() => mailsTo('late-owner@shop.example').length, { timeout: 30_000 }).toBe(1);
    expect(await again.stop()).toBe(0);
  });
});
