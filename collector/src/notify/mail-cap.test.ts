import { sampleCallLog } from '@loupe/schemas/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink } from '../testing/smtp-sink.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { ALERT_CAP } from './error-alerts.ts';

let srv: TestServer;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let b: { adminKey: string };

beforeAll(async () => {
  smtp = await startSmtpSink();
  srv = await startTestServer({ SMTP_URL: smtp.url, LOUPE_MAX_BODY_BYTES: 4 * 1024 * 1024 });
  b = await srv.addTenant('tenant-b');
  for (const [key, email] of [
    [srv.adminKey, 'owner@a.example'],
    [b.adminKey, 'owner@b.example'],
  ] as const) {
    const r = await fetch(`${srv.url}/v1/settings`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ notificationRecipients: [email] }),
    });
    expect(r.status).toBe(200);
  }
});
afterAll(async () => {
  await srv.close();
  await smtp.close();
});

const postLogs = (key: string, logs: object[]) =>
  fetch(`${srv.url}/v1/call-logs`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(logs),
  });

describe('error e-mails under a flood of bot names', () => {
  it('sends at most the cap of mails per tenant for 1,000 bot names, then one digest, and another tenant still gets its own', async () => {
    const t0 = Date.now() - 60_000;
    // Half fail with 500, half with 401 (re-authorisation mails are capped the same way).
    const logs = Array.from({ length: 1_000 }, (_, i) =>
      sampleCallLog(t0 + i, { bot: `bot-${i}`, statusCode: i % 2 ? 500 : 401 }),
    );
    expect((await postLogs(srv.adminKey, logs)).status).toBe(202);
    await srv.services.alerts.settled();
    const toA = () => smtp.mails.filter((m) => m.to.includes('owner@a.example'));
    expect(toA()).toHaveLength(ALERT_CAP.mails);

    // Tenant B's budget is its own.
    expect((await postLogs(b.adminKey, [sampleCallLog(t0, { bot: 'b-bot', statusCode: 500 })])).status).toBe(202);
    await srv.services.alerts.settled();
    expect(smtp.mails.filter((m) => m.to.includes('owner@b.example'))).toHaveLength(1);

    // The window ends: the held-back alerts arrive as one digest.
    await srv.services.alerts.flushDigests();
    await expect.poll(() => toA().length).toBe(ALERT_CAP.mails + 1);
    const digest = toA().at(-1)!;
    expect(digest.subject).toMatch(/Digest: \d+ more call-log alerts/);
    const held = Number(/Digest: (\d+)/.exec(digest.subject)![1]);
    // 1,000 failing calls, 500 of them also flagging re-authorisation: one alert per call, 10 sent one by one.
    expect(held).toBe(1_000 - ALERT_CAP.mails);
    expect(digest.text).toContain('bot-');
    expect(digest.text).toContain(`... and ${held - 100} more`);
  }, 120_000);
});
