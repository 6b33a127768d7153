import { sampleCallLog } from '@loupe/schemas/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink } from '../testing/smtp-sink.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let srv: TestServer;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
const admin = () => ({ Authorization: `Bearer ${srv.adminKey}`, 'Content-Type': 'application/json' });
const send = (method: string, path: string, body: unknown) =>
  fetch(`${srv.url}${path}`, { method, headers: admin(), body: JSON.stringify(body) });

const PEOPLE = [
  { username: 'owner', role: 'Owner', email: 'owner@shop.example' },
  { username: 'super', role: 'Supervisor', email: 'super@shop.example' },
  { username: 'super2', role: 'Supervisor', email: 'super2@shop.example' },
  { username: 'builder', role: 'Bot Builder', email: 'builder@shop.example' },
  { username: 'opted', role: 'Agent', email: 'opted@shop.example', notifyOnErrors: true },
  { username: 'mute', role: 'Supervisor' },
];

beforeAll(async () => {
  smtp = await startSmtpSink();
  srv = await startTestServer({ SMTP_URL: smtp.url });
  for (const p of PEOPLE)
    expect((await send('POST', '/v1/users', { ...p, password: 'correct horse' })).status).toBe(201);
});
afterAll(async () => {
  await srv.close();
  await smtp.close();
});

/** The first error of a new bot, and who its e-mail went to. */
async function recipientsOfAnError(bot: string): Promise<string[]> {
  const before = smtp.mails.length;
  expect((await send('POST', '/v1/call-logs', [sampleCallLog(Date.now(), { bot, statusCode: 500 })])).status).toBe(202);
  await srv.services.alerts.settled();
  const mails = smtp.mails.slice(before);
  expect(mails).toHaveLength(1);
  return [...mails[0]!.to].sort();
}

describe('error e-mails per role', () => {
  it("go to the Owners and the users who opted in by default, as seed 001's default", async () => {
    expect(await recipientsOfAnError('Bot one')).toEqual(['opted@shop.example', 'owner@shop.example']);
  });

  it('go to every user of a role enabled in settings, beside the users who opted in', async () => {
    const r = await send('PUT', '/v1/settings', { notifyRoles: ['Owner', 'Supervisor'] });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { notifyRoles: string[] }).notifyRoles).toEqual(['Owner', 'Supervisor']);
    // A Supervisor without an address has nowhere to get it; the Bot Builder's role is not enabled.
    expect(await recipientsOfAnError('Bot two')).toEqual([
      'opted@shop.example',
      'owner@shop.example',
      'super2@shop.example',
      'super@shop.example',
    ]);
  });

  it('leave the Owners out once their role is switched off, and take only real roles', async () => {
    await send('PUT', '/v1/settings', { notifyRoles: ['Bot Builder'], notificationRecipients: ['ops@shop.example'] });
    expect(await recipientsOfAnError('Bot three')).toEqual([
      'builder@shop.example',
      'ops@shop.example',
      'opted@shop.example',
    ]);
    const bad = await send('PUT', '/v1/settings', { notifyRoles: ['Owner', 'Janitor'] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { path: string } }).error.path).toBe('notifyRoles[1]');
  });
});
