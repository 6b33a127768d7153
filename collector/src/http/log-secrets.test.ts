import { sampleBatch } from '@loupe/schemas/fixtures';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let srv: TestServer;
let logs = '';
beforeAll(async () => {
  const sink = new Writable({
    write: (chunk: Buffer, _enc, cb) => {
      logs += chunk.toString();
      cb();
    },
  });
  srv = await startTestServer({}, pino({ level: 'trace' }, sink));
});
afterAll(() => srv.close());

describe('logs', () => {
  it('never hold keys, passwords or session cookies, whatever the route did', async () => {
    const password = 'hunter2-but-longer';
    const admin = { Authorization: `Bearer ${srv.adminKey}`, 'Content-Type': 'application/json' };
    await fetch(`${srv.url}/v1/users`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ username: 'logs@a', password, role: 'Owner' }),
    });
    const login = await fetch(`${srv.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'logs@a', password }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    await fetch(`${srv.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'logs@a', password: 'wrong-password-123' }),
    });
    const created = (await (
      await fetch(`${srv.url}/v1/api-keys`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ description: 'x', validFor: '1m' }),
      })
    ).json()) as { key: string };
    await fetch(`${srv.url}/v1/ingest?key=${srv.siteKey}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(sampleBatch('log-secrets-1', 0, Date.now())),
    });
    await fetch(`${srv.url}/v1/ingest?key=${srv.siteKey}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"broken"',
    });
    await fetch(`${srv.url}/v1/sessions`, { headers: { Cookie: cookie } });
    await fetch(`${srv.url}/v1/call-logs`, { headers: { Authorization: `Bearer ${created.key}` } });
    await fetch(`${srv.url}/v1/call-logs`, { headers: { Authorization: 'Bearer lpk_a-wrong-key-that-was-guessed' } });

    expect(logs).toContain('"path":"/v1/ingest"');
    for (const secret of [
      srv.adminKey,
      srv.siteKey,
      created.key,
      password,
      'wrong-password-123',
      cookie.split('=')[1]!,
      'lpk_a-wrong-key-that-was-guessed',
    ]) {
      expect(logs, 'a secret reached the log').not.toContain(secret);
    }
  });
});
