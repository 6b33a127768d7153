import { startTestServer, type TestServer } from '@loupe/collector/testing/test-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launchBrowser, openViewer, PHONE, screenshot, signIn, soon, waitFor } from './support/browser.ts';
import { adminApi, createPeople, PASSWORD } from './support/collector-api.ts';
import { ensureRecorderBuilt, RECORDER_DIST } from './support/recorder-build.ts';
import { recordShopVisit, startSite, type Site } from './support/record-session.ts';
import { ensureViewerBuilt, VIEWER_DIST } from './support/viewer-build.ts';

/** Issue 17's notes on a session at a moment: added at the playhead, on the timeline, audited. */
let srv: TestServer;
let site: Site;
let browser: Browser;
let session = '';

beforeAll(async () => {
  await Promise.all([ensureViewerBuilt(), ensureRecorderBuilt()]);
  srv = await startTestServer({}, undefined, { viewerDir: VIEWER_DIST, recorderDir: RECORDER_DIST });
  await createPeople(srv);
  site = await startSite(srv);
  browser = await launchBrowser();
  session = await recordShopVisit(browser, site, srv);
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
const playhead = async (page: Page) => Number(await page.getByTestId('timeline').getAttribute('aria-valuenow'));

describe('notes on a session', () => {
  it('adds a note at the playhead; after a reload it is on the timeline at that moment, and audited', async () => {
    const page = await as('agent', `/sessions/${session}?t=3000`);
    await soon.enabled(page.getByTestId('play'));
    await waitFor('the playhead at 0:03', async () => Math.abs((await playhead(page)) - 3000) <= 1);
    const at = await playhead(page);
    await soon.text(page.getByTestId('add-note'), 'Add note at 0:03');
    await page.getByLabel('Note at the playhead').fill('Customer hesitates over the lamp');
    await page.getByTestId('add-note').click();
    await soon.text(page.locator('.note-status'), 'Added at 0:03');

    await page.reload();
    const marker = page.locator('.timeline .marker[data-type="NOTE"]');
    await marker.waitFor();
    expect(Number(await marker.getAttribute('data-offset'))).toBe(at);
    expect(await marker.getAttribute('aria-label')).toContain('Customer hesitates over the lamp');
    // It sits where 0:03 is on the track: its share of the width is its share of the session.
    const { left, width } = await page
      .getByTestId('timeline')
      .locator('.timeline-track')
      .evaluate((t) => t.getBoundingClientRect());
    const box = (await marker.boundingBox())!;
    const duration = Number(await page.getByTestId('timeline').getAttribute('aria-valuemax'));
    expect(Math.abs(box.x + box.width / 2 - (left + (width * at) / duration))).toBeLessThan(3);
    const listed = page.getByTestId('note-list').locator('.note');
    expect(await listed.count()).toBe(1);
    expect(await listed.textContent()).toContain('agent');
    await screenshot(page, 'session-notes-desktop');

    // Clicking the note in the list seeks to its moment.
    await page.getByTestId('timeline').focus();
    await page.keyboard.press('End');
    await waitFor('the playhead at the end', async () => (await playhead(page)) === duration);
    await listed.locator('.note-seek').click();
    await waitFor('the playhead back at the note', async () => Math.abs((await playhead(page)) - at) <= 1);

    const audits = await adminApi(srv).get<{ items: { type: string; data: Record<string, unknown> }[] }>(
      '/v1/audit-events?type=SESSION_NOTE',
    );
    const noteId = await listed.getAttribute('data-note-id');
    expect(audits.items.map((a) => a.data)).toContainEqual({ sessionId: session, noteId, offsetMs: at, action: 'ADD' });
  });

  it("shows the note to a supervisor on a phone, who may not delete an agent's note", async () => {
    const page = await as('supervisor', `/sessions/${session}`, PHONE);
    await page.locator('.timeline .marker[data-type="NOTE"]').waitFor();
    expect(await page.locator('.note-delete').count()).toBe(0);
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    expect(scroll).toBe(true);
    await screenshot(page, 'session-notes-phone');
  });

  it('refuses a Bot Builder the replay and its notes', async () => {
    const page = await as('botbuilder', `/sessions/${session}`);
    await soon.text(page.getByTestId('not-allowed'), 'may not open Replay');
    expect(await page.locator('.note-form').count()).toBe(0);
    const status = await page.evaluate(
      async (id) =>
        (
          await fetch(`/v1/sessions/${id}/notes`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ offsetMs: 1, text: 'not mine to write' }),
          })
        ).status,
      session,
    );
    expect(status).toBe(403);
  });
});
