import { startTestServer, type TestServer } from '@loupe/collector/testing/test-server';
import { SESSION_SECRET_HEADER } from '@loupe/schemas';
import { sampleBatch } from '@loupe/schemas/fixtures';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openViewer, signIn, waitFor } from './support/browser.ts';
import { createPeople, PASSWORD } from './support/collector-api.ts';
import { ensureViewerBuilt, VIEWER_DIST } from './support/viewer-build.ts';

/** A zone ahead of UTC in December: a time without its zone would read an hour off to someone in UTC. */
const ZONE = 'Europe/Berlin';
const BERLIN_TIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+01:00$/;

let srv: TestServer;
let browser: Browser;

beforeAll(async () => {
  await ensureViewerBuilt();
  srv = await startTestServer({}, undefined, { viewerDir: VIEWER_DIST });
  await createPeople(srv);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await srv?.close();
});

/** 40 batches of one session with the site key, as a recorder sends them (later ones with the session's secret). */
async function send40(sessionId: string): Promise<void> {
  let secret = '';
  const t0 = Date.now() - 120_000;
  for (let seq = 0; seq < 40; seq++) {
    const res = await fetch(`${srv.url}/v1/ingest`, {
      method: 'POST',
      headers: { 'X-Loupe-Key': srv.siteKey, 'Content-Type': 'application/json', [SESSION_SECRET_HEADER]: secret },
      body: JSON.stringify(sampleBatch(sessionId, seq, t0 + seq * 1_000)),
    });
    if (res.status !== 202) throw new Error(`batch ${seq}: ${res.status} ${await res.text()}`);
    secret ||= ((await res.json()) as { sessionSecret: string }).sessionSecret;
  }
}

describe('times and keys in the viewer', () => {
  it('shows when the site key was last used, with the zone, after 40 batches', async () => {
    const sent = Date.now();
    await send40('keys-page-1');
    const v = await openViewer(browser, srv.url, undefined, ZONE);
    await signIn(v.page, 'owner', PASSWORD, '/admin/api-keys');
    const siteRow = v.page.locator('tr', { hasText: 'site key' });
    const lastUsed = siteRow.locator('td[data-label="Last used"]');
    const text = await waitFor('the site key’s last use', async () => {
      await v.page.reload();
      await siteRow.waitFor();
      const t = (await lastUsed.textContent()) ?? '';
      return t !== 'never' && t;
    });
    expect(text).toMatch(BERLIN_TIME);
    // Read back as the instant it names: within the minute of sending, not an hour off.
    const [day, clock] = String(text).split(' ');
    const instant = Date.parse(`${day}T${clock}+01:00`);
    expect(Math.abs(instant - sent)).toBeLessThan(60_000);
    expect(await siteRow.locator('td[data-label="Created"]').textContent()).toMatch(BERLIN_TIME);
    await v.context.close();
  });

  it('writes session and replay times with their zone', async () => {
    const v = await openViewer(browser, srv.url, undefined, ZONE);
    await signIn(v.page, 'agent', PASSWORD, '/sessions');
    const link = v.page.locator('a[data-session="keys-page-1"]');
    expect(await link.textContent()).toMatch(BERLIN_TIME);
    await link.click();
    await v.page.locator('.facts').waitFor();
    await waitFor('the session’s start in the facts', async () =>
      BERLIN_TIME.test((await v.page.locator('.facts span').nth(1).textContent()) ?? ''),
    );
    await v.context.close();
  });
});
