import { startTestServer, type TestServer } from '@loupe/collector/testing/test-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launchBrowser, openViewer, PHONE, screenshot, signIn, soon, waitFor } from './support/browser.ts';
import { adminApi, createPeople, PASSWORD } from './support/collector-api.ts';
import { startConsoleSite } from './support/console-site.ts';
import { ensureRecorderBuilt, RECORDER_DIST } from './support/recorder-build.ts';
import { drained, storedSession, visit, type Site } from './support/record-session.ts';
import { ensureViewerBuilt, VIEWER_DIST } from './support/viewer-build.ts';

interface Plugin {
  type: number;
  timestamp: number;
  data: { plugin?: string; payload?: Record<string, unknown> };
}

let srv: TestServer;
let site: Site;
let browser: Browser;
/** The session with network timings on, the moment (epoch ms) the test pressed Pay, and its start. */
let logged: { id: string; clickedAt: [number, number]; start: number };
let quiet: string;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Visits a console page: Step after a second, Pay two seconds later; answers when the collector has it all. */
async function record(path: string): Promise<{ id: string; clickedAt: [number, number] }> {
  const v = await visit(browser, `${site.url}${path}`);
  await pause(1_000);
  await v.page.click('#step');
  await pause(2_000);
  const before = Date.now();
  await v.page.click('#fail');
  const after = Date.now();
  await soon.text(v.page.locator('#status'), 'Failed: 503');
  await pause(1_500);
  await drained(v.page);
  await v.close();
  await storedSession(srv, v.sessionId, ['CLICK']);
  return { id: v.sessionId, clickedAt: [before, after] };
}

const pluginEvents = async (id: string, plugin: string) => {
  const { items } = await adminApi(srv).get<{ items: Plugin[] }>(`/v1/sessions/${id}/replay`);
  return items.filter((e) => e.type === 6 && e.data.plugin === plugin);
};

async function openAt(page: Page, id: string, t: number): Promise<void> {
  await page.goto(`/sessions/${id}?t=${t}`);
  await page.getByTestId('replay-log').waitFor();
  await waitFor('the replay to show the page', () =>
    page.evaluate(() =>
      document
        .querySelector<HTMLIFrameElement>('.replay-stage iframe')
        ?.contentDocument?.body?.textContent?.includes('Console page'),
    ),
  );
}

/** The console rows a person sees (rows after the playhead are hidden). */
const visibleRows = (page: Page, list: 'console-list' | 'network-list') =>
  page.getByTestId(list).locator('.log-row:visible').allTextContents();

beforeAll(async () => {
  await Promise.all([ensureViewerBuilt(), ensureRecorderBuilt()]);
  srv = await startTestServer({}, undefined, { viewerDir: VIEWER_DIST, recorderDir: RECORDER_DIST });
  await createPeople(srv);
  site = await startConsoleSite(srv);
  browser = await launchBrowser();
  const [a, b] = await Promise.all([record('/logs'), record('/quiet')]);
  const summary = await adminApi(srv).get<{ startedAt: string }>(`/v1/sessions/${a.id}`);
  logged = { ...a, start: Date.parse(summary.startedAt) };
  quiet = b.id;
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await srv?.close();
});

describe('console and network in replays', () => {
  it('stores the console error at the moment it happened, masked, with its uncaught sequel', async () => {
    const entries = await pluginEvents(logged.id, 'loupe/console@1');
    const error = entries.find((e) => String(e.data.payload?.payload).includes('Checkout failed'));
    expect(error, JSON.stringify(entries)).toBeDefined();
    expect(error!.timestamp).toBeGreaterThanOrEqual(logged.clickedAt[0]);
    expect(error!.timestamp).toBeLessThanOrEqual(logged.clickedAt[1] + 500);
    expect(error!.data.payload).toMatchObject({
      level: 'error',
      payload: ['Checkout failed for ***@*******.***', 'Error: payment declined'],
    });
    expect((error!.data.payload!.trace as string[]).some((l) => l.includes('/console.js'))).toBe(true);
    expect(entries.some((e) => String(e.data.payload?.payload).includes('TypeError: total is undefined'))).toBe(true);
    expect(JSON.stringify(entries)).not.toContain('ada@example.com');
  });

  it('shows the error in the console panel only once the playhead has passed it, with a marker on the timeline', async () => {
    const v = await openViewer(browser, srv.url, DESKTOP);
    await signIn(v.page, 'agent', PASSWORD);
    // The first console entry is Step's info line.
    const stepAt = (await pluginEvents(logged.id, 'loupe/console@1'))[0]!.timestamp - logged.start;
    // Between Step (logged ~1 s in) and Pay (~3 s in): the info line is there, the error not yet.
    const payAt = logged.clickedAt[0] - logged.start;
    await openAt(v.page, logged.id, Math.round((stepAt + payAt) / 2));
    await waitFor('the info line in the console', async () =>
      (await visibleRows(v.page, 'console-list')).some((t) => t.includes('step one done')),
    );
    expect((await visibleRows(v.page, 'console-list')).join('\n')).not.toContain('Checkout failed');

    const marker = v.page.locator('.marker[data-type="console-error"]').first();
    await marker.waitFor();
    const markerOffset = Number(await marker.getAttribute('data-offset'));
    expect(markerOffset).toBeGreaterThanOrEqual(payAt - 1);
    expect(markerOffset).toBeLessThanOrEqual(logged.clickedAt[1] - logged.start + 500);
    expect(await marker.getAttribute('aria-label')).toContain('Checkout failed');

    // Clicking the error's marker seeks past the error. The markers of that moment (the uncaught
    // TypeError's, the failed request's and the Pay click's) sit in rows of their own, so a
    // person's click reaches the error's marker (Playwright refuses to click a covered one).
    await v.page.locator('.marker[data-type="console-error"]').last().click({ timeout: 5_000 });
    await waitFor('the error in the console', async () =>
      (await visibleRows(v.page, 'console-list')).some((t) => t.includes('Checkout failed for ***@*******.***')),
    );
    await soon.text(v.page.locator('[data-testid="console-list"] .log-row.current'), /Checkout failed|TypeError/);
    expect(await v.page.getByTestId('console-list').textContent()).not.toContain('ada@example.com');
    await screenshot(v.page, 'replay-console-1280');

    // Back to the start: nothing logged yet.
    await v.page.getByTestId('timeline').focus();
    await v.page.keyboard.press('Home');
    await waitFor(
      'an empty console at the start',
      async () => (await visibleRows(v.page, 'console-list')).length === 0,
    );
    await soon.text(v.page.getByTestId('replay-log'), 'Nothing logged up to this moment.');
    await v.context.close();
  });

  it('lists the fetch with its method, URL without query values and status when the site turned timings on', async () => {
    const stored = await pluginEvents(logged.id, 'loupe/network@1');
    expect(stored.map((e) => e.data.payload)).toEqual([
      expect.objectContaining({
        initiator: 'fetch',
        method: 'POST',
        url: `${site.url}/api/cart?user=&token=`,
        status: 503,
      }),
    ]);
    // The recorder's own batches to the collector are not among them, and no body went anywhere.
    expect(JSON.stringify(stored)).not.toMatch(/s3cret|4111|v1\/ingest/);

    const v = await openViewer(browser, srv.url, PHONE);
    await signIn(v.page, 'agent', PASSWORD);
    await openAt(v.page, logged.id, logged.clickedAt[1] - logged.start + 1_200);
    await v.page.getByTestId('network-tab').click();
    await waitFor(
      'the request in the network panel',
      async () => (await visibleRows(v.page, 'network-list')).length === 1,
    );
    const [row] = await visibleRows(v.page, 'network-list');
    // The failed request has its marker on the timeline too.
    expect(await v.page.locator('.marker[data-type="network-error"]').getAttribute('aria-label')).toContain(
      'Request failed: POST',
    );
    expect(row).toContain('POST');
    expect(row).toContain('503');
    expect(row).toContain(`${site.url}/api/cart?user=&token=`);
    expect(row).not.toContain('s3cret');
    await v.page.getByTestId('replay-log').scrollIntoViewIfNeeded();
    await screenshot(v.page, 'replay-network-390');
    await v.page.getByTestId('console-tab').click();
    await screenshot(v.page, 'replay-console-390');
    await v.context.close();
  });

  it('records no request at all by default, while the console is still recorded', async () => {
    expect(await pluginEvents(quiet, 'loupe/network@1')).toEqual([]);
    expect((await pluginEvents(quiet, 'loupe/console@1')).length).toBeGreaterThan(0);
    const v = await openViewer(browser, srv.url, DESKTOP);
    await signIn(v.page, 'agent', PASSWORD);
    await openAt(v.page, quiet, 60_000);
    await v.page.getByTestId('network-tab').click();
    await soon.text(v.page.getByTestId('replay-log'), 'No requests recorded up to this moment.');
    expect(await visibleRows(v.page, 'network-list')).toEqual([]);
    await v.context.close();
  });
});
