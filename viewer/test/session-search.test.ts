import { startTestServer, type TestServer } from '@loupe/collector/testing/test-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launchBrowser, openViewer, PHONE, screenshot, signIn, soon, waitFor } from './support/browser.ts';
import { adminApi, createPeople, PASSWORD } from './support/collector-api.ts';
import { ensureRecorderBuilt, RECORDER_DIST } from './support/recorder-build.ts';
import type { Site } from './support/record-session.ts';
import { recordVisit, startStore } from './support/search-site.ts';
import { ensureViewerBuilt, VIEWER_DIST } from './support/viewer-build.ts';

/**
 * Finding sessions (issue 17) as a person does: two customers recorded by the real recorder, one
 * rage-clicking a checkout button that does nothing, one calmly using a cart that answers; then
 * searching for them by user, page and clicked text, sharing the search as a link, and seeing
 * the rage click on the replay's timeline.
 */
let srv: TestServer;
let store: Site;
let browser: Browser;
let grace: string;
let ada: string;

beforeAll(async () => {
  await Promise.all([ensureViewerBuilt(), ensureRecorderBuilt()]);
  srv = await startTestServer({}, undefined, { viewerDir: VIEWER_DIST, recorderDir: RECORDER_DIST });
  await createPeople(srv);
  store = await startStore(srv);
  browser = await launchBrowser();
  // Four clicks on Pay now within half a second: a rage click.
  grace = await recordVisit(browser, store, srv, '/store/checkout', { id: 'cust-grace', name: 'Grace Hopper' }, [
    ['#pay-now', 0],
    ['#pay-now', 120],
    ['#pay-now', 120],
    ['#pay-now', 120],
  ]);
  // Two clicks, each answered, seconds apart.
  ada = await recordVisit(browser, store, srv, '/store/cart', { id: 'cust-ada', name: 'Ada Lovelace' }, [
    ['#add', 0],
    ['#coupon', 1_500],
  ]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await store?.close();
  await srv?.close();
});

async function as(username: string, viewport = DESKTOP): Promise<Page> {
  const v = await openViewer(browser, srv.url, viewport);
  await signIn(v.page, username, PASSWORD);
  return v.page;
}

/** The sessions the list shows. */
const listed = (page: Page) =>
  page.locator('a.session-link').evaluateAll((as) => as.map((a) => a.getAttribute('data-session') ?? ''));

/** Waits until the list shows exactly these sessions (in any order). */
async function shows(page: Page, want: string[]): Promise<void> {
  const sorted = [...want].sort();
  await waitFor(`the list to show ${sorted.join(', ') || 'nothing'}`, async () => {
    const got = (await listed(page)).sort();
    if (want.length === 0) return (await page.getByText('No sessions match these filters.').count()) === 1;
    return JSON.stringify(got) === JSON.stringify(sorted);
  });
}

async function search(page: Page, fields: Record<string, string>): Promise<void> {
  await page.getByRole('button', { name: 'Clear' }).click();
  await soon.url(page, /\/sessions$/);
  for (const [label, value] of Object.entries(fields)) {
    const control = page.getByLabel(label, { exact: true });
    if ((await control.evaluate((e) => e.tagName)) === 'SELECT') await control.selectOption({ label: value });
    else await control.fill(value);
  }
  await page.getByRole('button', { name: 'Apply' }).click();
}

describe('searching sessions', () => {
  it('finds a customer by name or id, by page URL and by the text of what they clicked', async () => {
    const page = await as('agent');
    await page.goto('/sessions');
    await shows(page, [grace, ada]);

    await search(page, { User: 'grace' });
    await shows(page, [grace]);
    expect(await page.locator('tbody').textContent()).toContain('Grace Hopper (cust-grace)');

    await search(page, { User: 'CUST-ADA' });
    await shows(page, [ada]);

    await search(page, { 'Page URL contains': '/store/checkout' });
    await shows(page, [grace]);

    await search(page, { 'Clicked text': 'add to basket' });
    await shows(page, [ada]);
    await screenshot(page, 'sessions-search-desktop');

    // Filters together narrow: Ada never clicked Pay now.
    await search(page, { User: 'ada', 'Clicked text': 'Pay now' });
    await shows(page, []);
  });

  it('reproduces a search from its link, for a colleague in another browser', async () => {
    const page = await as('agent');
    await page.goto('/sessions');
    await search(page, { User: 'hopper', 'Clicked text': 'pay', 'Rage clicks': 'Has rage clicks' });
    await shows(page, [grace]);
    const link = new URL(page.url());
    expect(Object.fromEntries(link.searchParams)).toEqual({ user: 'hopper', clickText: 'pay', rageClicks: 'true' });

    const colleague = await as('supervisor', PHONE);
    await colleague.goto(link.pathname + link.search);
    await shows(colleague, [grace]);
    expect(await colleague.getByLabel('User', { exact: true }).inputValue()).toBe('hopper');
    expect(await colleague.getByLabel('Clicked text', { exact: true }).inputValue()).toBe('pay');
    expect(await colleague.getByLabel('Rage clicks', { exact: true }).inputValue()).toBe('true');
    await screenshot(colleague, 'sessions-search-phone');
  });
});

describe('rage clicks', () => {
  it('marks the burst on the replay timeline and matches the rage filter; a calm session neither', async () => {
    const page = await as('owner');
    await page.goto('/sessions');
    await search(page, { 'Rage clicks': 'Has rage clicks' });
    await shows(page, [grace]);
    await search(page, { 'Rage clicks': 'None' });
    await shows(page, [ada]);

    const issuesOf = (p: Page, id: string) =>
      p.waitForResponse((r) => r.url().includes(`/v1/sessions/${id}/click-issues`) && r.ok());
    let answered = issuesOf(page, grace);
    await page.goto(`/sessions/${grace}`);
    await answered;
    const marker = page.locator('.marker[data-type="RAGE_CLICK"]');
    await marker.waitFor();
    expect(await marker.count()).toBe(1);
    // Pay now does nothing: its four clicks are dead too, told by the one marker, not four more.
    expect(await marker.getAttribute('aria-label')).toMatch(
      /^Rage click: 4 clicks on #pay-now \(“Pay now”\), and the page did not answer at /,
    );
    expect(await page.locator('.marker[data-type="DEAD_CLICK"]').count()).toBe(0);
    // It sits where the clicks were: on the track, between start and end.
    const left = await marker.evaluate((m) => Number.parseFloat((m as HTMLElement).style.left));
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(100);
    await screenshot(page, 'replay-rage-click-desktop');

    // The marker seeks the replay to the burst.
    await marker.click();
    await soon.attribute(page.getByTestId('timeline'), 'aria-valuenow', (await marker.getAttribute('data-offset'))!);

    answered = issuesOf(page, ada);
    await page.goto(`/sessions/${ada}`);
    await answered;
    await page.locator('.marker[data-type="CLICK"]').first().waitFor();
    expect(await page.locator('.marker[data-type="RAGE_CLICK"]').count()).toBe(0);
    expect(await page.locator('.marker[data-type="DEAD_CLICK"]').count()).toBe(0);

    const phone = await as('owner', PHONE);
    await phone.goto(`/sessions/${grace}`);
    await phone.locator('.marker[data-type="RAGE_CLICK"]').waitFor();
    await screenshot(phone, 'replay-rage-click-phone');
  });

  it('finds the click on a button that did nothing as dead, and the answered ones not', async () => {
    const api = adminApi(srv);
    const ids = async (q: string) =>
      (await api.get<{ items: { sessionId: string }[] }>(`/v1/sessions?${q}`)).items.map((s) => s.sessionId);
    expect(await ids('deadClicks=true')).toEqual([grace]);
    expect(await ids('deadClicks=false')).toEqual([ada]);
  });
});

describe('who may search', () => {
  it('refuses a Bot Builder the sessions page and its search, in the viewer and the API', async () => {
    const page = await as('botbuilder');
    await page.goto('/sessions?user=grace&rageClicks=true');
    await soon.text(page.getByTestId('not-allowed'), 'may not open Sessions');
    expect(await page.locator('a.session-link').count()).toBe(0);
    const status = await page.evaluate(async () => (await fetch('/v1/sessions?user=grace&rageClicks=true')).status);
    expect(status).toBe(403);
    const issues = await page.evaluate(async (id) => (await fetch(`/v1/sessions/${id}/click-issues`)).status, grace);
    expect(issues).toBe(403);
  });
});
