import { startTestServer, type TestServer } from '@loupe/collector/testing/test-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openViewer, signIn, soon, waitFor, type ViewerPage } from './support/browser.ts';
import { adminApi, createPeople, PASSWORD } from './support/collector-api.ts';
import { ensureRecorderBuilt, RECORDER_DIST } from './support/recorder-build.ts';
import { drained, startSite, storedSession, visit, type Site } from './support/record-session.ts';
import { ensureViewerBuilt, VIEWER_DIST } from './support/viewer-build.ts';

/** The idle gap the visitor leaves between two clicks: well past rrweb's 10 s inactivity threshold. */
const GAP_MS = 22_000;

let srv: TestServer;
let site: Site;
let browser: Browser;
let viewer: ViewerPage;
let sessionId: string;
/** The two clicks around the gap, in ms from the session's start. */
let before: number;
let after: number;

const playhead = async (page: Page) => Number(await page.getByTestId('timeline').getAttribute('aria-valuenow'));
const frameText = (page: Page) =>
  page.evaluate(
    () => document.querySelector<HTMLIFrameElement>('.replay-stage iframe')?.contentDocument?.body?.textContent ?? '',
  );

beforeAll(async () => {
  await Promise.all([ensureViewerBuilt(), ensureRecorderBuilt()]);
  srv = await startTestServer({}, undefined, { viewerDir: VIEWER_DIST, recorderDir: RECORDER_DIST });
  await createPeople(srv);
  site = await startSite(srv);
  browser = await launchBrowser();
  // A real visit with the real recorder: a click, nothing at all for GAP_MS, then another click.
  const v = await visit(browser, `${site.url}/shop`);
  await v.page.click('#add-lamp');
  await new Promise((r) => setTimeout(r, GAP_MS));
  await v.page.click('#finish');
  await drained(v.page);
  sessionId = v.sessionId;
  await v.close();
  await storedSession(srv, sessionId, ['CLICK', 'PAGECHANGE']);
  const summary = await adminApi(srv).get<{ startedAt: string }>(`/v1/sessions/${sessionId}`);
  const { items } = await adminApi(srv).get<{ items: { type: string; ts: string }[] }>(
    `/v1/sessions/${sessionId}/events?type=CLICK`,
  );
  const start = Date.parse(summary.startedAt);
  [before, after] = items.map((e) => Date.parse(e.ts) - start) as [number, number];
  viewer = await openViewer(browser, srv.url);
  await signIn(viewer.page, 'agent', PASSWORD);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await srv?.close();
});

describe('skip inactivity', () => {
  it('jumps over an idle gap when playback starts inside it (a ?t= link into the gap)', async () => {
    expect(after - before).toBeGreaterThan(GAP_MS - 1_000);
    const page = await viewer.context.newPage();
    const t = before + 3_000;
    await page.goto(`/sessions/${sessionId}?t=${t}`);
    await waitFor('the shop in the replay', async () => (await frameText(page)).includes('1 item in cart'));
    await soon.enabled(page.getByTestId('play'));
    expect(Math.abs((await playhead(page)) - t)).toBeLessThanOrEqual(1);
    expect(await page.locator('#skip-inactive').isChecked()).toBe(true);
    await page.getByTestId('play').click();
    // At 1x the gap's ~19 s left would take 19 s; skipping reaches its end within a few.
    const clicked = Date.now();
    await waitFor('the playhead past the gap', async () => (await playhead(page)) >= after - 1_500, 8_000);
    expect(Date.now() - clicked).toBeLessThan((after - t) / 2);
    await waitFor('the click after the gap', async () => (await frameText(page)).includes('Order placed'), 10_000);
    await page.close();
  });

  it('plays the gap as it was with skip inactivity off', async () => {
    const page = await viewer.context.newPage();
    const t = before + 3_000;
    await page.goto(`/sessions/${sessionId}?t=${t}`);
    await soon.enabled(page.getByTestId('play'));
    await page.locator('#skip-inactive').uncheck();
    await page.getByTestId('play').click();
    await soon.exactText(page.getByTestId('play'), 'Pause');
    await page.waitForTimeout(2_000);
    // Still inside the gap: about two seconds on, nowhere near its end.
    expect(await playhead(page)).toBeLessThan(after - 5_000);
    await page.close();
  });
});
