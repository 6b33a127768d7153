import { startTestServer, type TestServer } from '@loupe/collector/testing/test-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launchBrowser, openViewer, PHONE, screenshot, signIn, soon, waitFor } from './support/browser.ts';
import { createPeople, PASSWORD } from './support/collector-api.ts';
import { ensureRecorderBuilt, RECORDER_DIST } from './support/recorder-build.ts';
import { recordShopVisit, startSite, type Site } from './support/record-session.ts';
import { ensureViewerBuilt, VIEWER_DIST } from './support/viewer-build.ts';

/** Issue 17's click heatmap: the heat a test's clicks made, over a replayed visit to the page. */
let srv: TestServer;
let site: Site;
let browser: Browser;

beforeAll(async () => {
  await Promise.all([ensureViewerBuilt(), ensureRecorderBuilt()]);
  srv = await startTestServer({}, undefined, { viewerDir: VIEWER_DIST, recorderDir: RECORDER_DIST });
  await createPeople(srv);
  site = await startSite(srv);
  browser = await launchBrowser();
  // Two visits: each clicks Add lamp, Pay and Finish on the shop page.
  await recordShopVisit(browser, site, srv);
  await recordShopVisit(browser, site, srv);
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await srv?.close();
});

async function as(username: string, path: string, viewport = DESKTOP): Promise<Page> {
  const v = await openViewer(browser, srv.url, viewport);
  await signIn(v.page, username, PASSWORD, path);
  return v.page;
}

/** The heat canvas's alpha at the centre of an element of the replayed page, and far from every button. */
const heatAt = (page: Page, selector: string) =>
  page.evaluate((sel) => {
    const frame = document.querySelector<HTMLIFrameElement>('[data-testid="heatmap-stage"] iframe')!;
    const el = frame.contentDocument!.querySelector(sel)!;
    const r = el.getBoundingClientRect();
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="heat-canvas"]')!;
    const px = (x: number, y: number) => canvas.getContext('2d')!.getImageData(Math.round(x), Math.round(y), 1, 1).data;
    const at = px(r.left + r.width / 2, r.top + r.height / 2);
    return { at: [...at], far: [...px(canvas.width - 5, canvas.height - 5)] };
  }, selector);

describe('the click heatmap', () => {
  it('shows heat where the visitors clicked, over a replay of the page', async () => {
    const page = await as('supervisor', '/sessions');
    await page.getByRole('link', { name: 'Heatmap', exact: true }).click();
    const shop = `${site.url}/shop`;
    await waitFor('the shop page to pick', async () =>
      (await page.locator('#filter-url option').allTextContents()).includes(shop),
    );
    await page.locator('#filter-url').selectOption(shop);
    await page.getByRole('button', { name: 'Apply' }).click();
    await soon.url(page, /\/heatmap\?url=/);
    await page.locator('[data-testid="heatmap-stage"].drawn').waitFor();
    // Two visits, three clicks each on this page (Finish too, before it moves on).
    await soon.text(page.getByTestId('heatmap-summary'), '6 clicks on this page');
    await waitFor('the shop in the replay', () =>
      page.evaluate(
        () =>
          document.querySelector<HTMLIFrameElement>('[data-testid="heatmap-stage"] iframe')?.contentDocument?.body
            ?.textContent ?? '',
      ),
    );
    const lamp = await heatAt(page, '#add-lamp');
    expect(lamp.at[3]).toBeGreaterThan(100);
    // Hot: more red than blue where both clicks landed; nothing where nobody clicked.
    expect(lamp.at[0]!).toBeGreaterThan(lamp.at[2]!);
    expect(lamp.far[3]).toBe(0);
    expect(Number(await page.getByTestId('heat-canvas').getAttribute('data-cells'))).toBeGreaterThanOrEqual(3);
    await screenshot(page, 'heatmap-desktop');
  });

  it('fits a phone', async () => {
    const page = await as('agent', `/heatmap?url=${encodeURIComponent(`${site.url}/shop`)}`, PHONE);
    await page.locator('[data-testid="heatmap-stage"].drawn').waitFor();
    const fits = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    expect(fits).toBe(true);
    await screenshot(page, 'heatmap-phone');
  });

  it('is not there for a Bot Builder', async () => {
    const page = await as('botbuilder', '/heatmap');
    await soon.text(page.getByTestId('not-allowed'), 'may not open Heatmap');
    expect(await page.locator('.nav-link').allTextContents()).not.toContain('Heatmap');
    expect(await page.getByTestId('heatmap-stage').count()).toBe(0);
  });
});
