import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let srv: TestServer;
const viewerDir = mkdtempSync(join(tmpdir(), 'loupe-viewer-'));
const json = { 'Content-Type': 'application/json' };

beforeAll(async () => {
  writeFileSync(join(viewerDir, 'index.html'), '<!doctype html><title>viewer</title>');
  srv = await startTestServer({ LOUPE_SITE_ORIGINS: ['https://everyone.example'] }, undefined, { viewerDir });
  const b = await srv.addTenant('tenant-b');
  const put = (key: string, siteOrigins: string[]) =>
    fetch(`${srv.url}/v1/settings`, {
      method: 'PUT',
      headers: { ...json, Authorization: `Bearer ${key}` },
      body: JSON.stringify({ siteOrigins }),
    });
  expect((await put(srv.adminKey, ['https://shop-a.example'])).status).toBe(200);
  expect((await put(b.adminKey, ['https://shop-b.example'])).status).toBe(200);
  const made = await fetch(`${srv.url}/v1/users`, {
    method: 'POST',
    headers: { ...json, Authorization: `Bearer ${srv.adminKey}` },
    body: JSON.stringify({ username: 'agent@a', password: 'correct horse battery', role: 'Agent' }),
  });
  expect(made.status).toBe(201);
});
afterAll(async () => {
  await srv.close();
  rmSync(viewerDir, { recursive: true, force: true });
});

const pagePolicy = async (cookie?: string) => {
  const r = await fetch(`${srv.url}/sessions/x`, {
    headers: { Accept: 'text/html', ...(cookie ? { Cookie: cookie } : {}) },
  });
  expect(r.headers.get('cache-control')).toBe('no-store');
  return Object.fromEntries(
    r.headers
      .get('content-security-policy')!
      .split('; ')
      .map((d) => [d.split(' ')[0], d.split(' ').slice(1)]),
  );
};

describe("the viewer page's policy, which a replay lives under", () => {
  it("lets images, styles, fonts and media come only from the viewer and the signed-in tenant's sites", async () => {
    const r = await fetch(`${srv.url}/v1/auth/login`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ username: 'agent@a', password: 'correct horse battery' }),
    });
    const policy = await pagePolicy(r.headers.get('set-cookie')!.split(';')[0]!);
    expect(policy['img-src']).toEqual([
      "'self'",
      'data:',
      'blob:',
      'https://everyone.example',
      'https://shop-a.example',
    ]);
    expect(policy['style-src']).toEqual([
      "'self'",
      "'unsafe-inline'",
      'https://everyone.example',
      'https://shop-a.example',
    ]);
    expect(policy['font-src']).toEqual(["'self'", 'data:', 'https://everyone.example', 'https://shop-a.example']);
    expect(policy['media-src']).toEqual(["'self'", 'blob:', 'https://everyone.example', 'https://shop-a.example']);
    expect(policy['script-src']).toEqual(["'self'"]);
  });

  it('names no site at all before sign-in, or for a forged cookie', async () => {
    for (const cookie of [undefined, 'loupe_session=forged']) {
      expect((await pagePolicy(cookie))['img-src'], cookie).toEqual(["'self'", 'data:', 'blob:']);
    }
  });
});
