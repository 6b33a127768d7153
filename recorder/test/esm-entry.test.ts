import { startTestServer, type TestServer } from '@loupe/collector/testing/test-server';
import { readdirSync, rmSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { drained, launchBrowser, sessionIdOf, waitFor, type LoupeWindow } from './helpers/browser.ts';
import { collectorReader } from './helpers/collector.ts';
import { bundleEsmFixture } from './helpers/esm-fixture.ts';
import { startPageServer, type PageServer } from './helpers/page-server.ts';

let srv: TestServer;
let pages: PageServer;
let browser: Browser;
let outdir: string;

beforeAll(async () => {
  outdir = await bundleEsmFixture('esm-app');
  [srv, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  pages = await startPageServer({});
  pages.mount('/esm/', outdir);
});
afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await srv?.close();
  rmSync(outdir, { recursive: true, force: true });
});

it('records through the ESM entry, with rrweb split into a chunk loaded after the page', async () => {
  const chunks = readdirSync(outdir).filter((f) => f.endsWith('.js') && f !== 'esm-app.js');
  expect(chunks.length).toBeGreaterThan(0);
  const page = await browser.newPage();
  await page.goto(
    `${pages.url}/pages/esm.html?endpoint=${encodeURIComponent(srv.url)}&key=${encodeURIComponent(srv.siteKey)}`,
  );
  const sessionId = await sessionIdOf(page);
  await waitFor('DOM recording', () =>
    page.evaluate(() => (window as unknown as LoupeWindow).loupe.stats().domRecording),
  );
  await page.click('[name=order]');
  await page.evaluate(() => (window as unknown as LoupeWindow).loupe.stop());
  await drained(page);

  const read = collectorReader(srv);
  expect((await read.events(sessionId)).map((e) => e.type)).toEqual(['PAGECHANGE', 'CLICK']);
  expect((await read.replay(sessionId)).some((e) => e.type === 2)).toBe(true);
  const loadedAt = pages.requests.findIndex((r) => chunks.some((c) => r.path === `/esm/${c}`));
  expect(loadedAt).toBeGreaterThan(pages.requests.findIndex((r) => r.path === '/esm/esm-app.js'));
  await page.close();
});
