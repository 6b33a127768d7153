import { describe, expect, it } from 'vitest';
import { stubApp } from '../testing/stub-app.ts';
import { TEST_CONFIG } from '../testing/test-server.ts';
import { BODY_LIMITS } from './body-limits.ts';

const app = stubApp();
const operator = { Authorization: `Bearer ${TEST_CONFIG.LOUPE_OPERATOR_KEY}`, 'Content-Type': 'application/json' };
/** A JSON body of exactly `bytes` bytes that fails validation (so nothing past it is reached). */
const bodyOf = (bytes: number) => `{"name":"${'x'.repeat(bytes - 11)}"}`;
const post = (path: string, body: string, headers: Record<string, string> = { 'Content-Type': 'application/json' }) =>
  app.request(path, { method: 'POST', headers, body });
const codeOf = async (r: Response) => ((await r.json()) as { error: { code: string } }).error.code;

describe('body limits, one table for every route (over app.request, no socket)', () => {
  it('gives each route its row: sign-in and tenants take up to their limit and refuse a byte more', async () => {
    const person = BODY_LIMITS.person().maxBytes;
    const admin = BODY_LIMITS.admin().maxBytes;
    expect(bodyOf(person).length).toBe(person);
    expect(await codeOf(await post('/v1/auth/login', bodyOf(person)))).toBe('INVALID_FIELD');
    expect(await codeOf(await post('/v1/auth/login', bodyOf(person + 1)))).toBe('BODY_TOO_LARGE');
    // A body too big for sign-in is fine for tenant creation, whose limit is larger.
    expect(await codeOf(await post('/v1/tenants', bodyOf(person + 1), operator))).toBe('INVALID_FIELD');
    const tooBig = await post('/v1/tenants', bodyOf(admin + 1), operator);
    expect(tooBig.status).toBe(413);
    expect(await codeOf(tooBig)).toBe('BODY_TOO_LARGE');
  });

  it('refuses a content type it cannot read, before anything else', async () => {
    const r = await post('/v1/auth/login', '<login/>', { 'Content-Type': 'text/xml' });
    expect(r.status).toBe(415);
    expect(await codeOf(r)).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('checks access before it reads a body', async () => {
    const r = await post('/v1/tenants', bodyOf(BODY_LIMITS.admin().maxBytes + 1), {
      Authorization: 'Bearer wrong',
      'Content-Type': 'application/json',
    });
    expect(r.status).toBe(401);
  });
});
