import { startTestServer, type TestServer } from '@loupe/collector/testing/test-server';
import { sampleAuditEvents, sampleCallLog } from '@loupe/schemas/fixtures';
import { apiClient } from '@loupe/testkit/api-client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launchBrowser, openViewer, PHONE, screenshot, signIn, soon } from './support/browser.ts';
import { adminApi, createPeople, PASSWORD } from './support/collector-api.ts';
import { ensureViewerBuilt, VIEWER_DIST } from './support/viewer-build.ts';

/** Issue 17's deep links: an address that opens one log row's detail pane, and only the tenant's own. */
let srv: TestServer;
let browser: Browser;
let oldestCall = '';
let foreignCall = '';
let auditId = '';

beforeAll(async () => {
  await ensureViewerBuilt();
  srv = await startTestServer({}, undefined, { viewerDir: VIEWER_DIST });
  await createPeople(srv);
  const now = Date.now();
  // 130 calls: the oldest is past the list's first page of 100, so only a read by id can show it.
  const stored = await adminApi(srv).post<{ ids: string[] }>(
    '/v1/call-logs',
    Array.from({ length: 130 }, (_, i) => sampleCallLog(now - 3_600_000 + i * 1000, { bot: `Bot number ${i}` })),
  );
  oldestCall = stored.ids[0]!;
  const audits = await adminApi(srv).post<{ ids: string[] }>('/v1/audit-events', sampleAuditEvents(now - 1000));
  auditId = audits.ids[0]!;
  const other = await srv.addTenant('tenant-b');
  const foreign = await apiClient(srv.url, { key: other.adminKey }).post<{ ids: string[] }>(
    '/v1/call-logs',
    sampleCallLog(now, { bot: 'Other tenant bot' }),
  );
  foreignCall = foreign.ids[0]!;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await srv?.close();
});

async function as(username: string, path: string, viewport = DESKTOP): Promise<Page> {
  const v = await openViewer(browser, srv.url, viewport);
  await v.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: srv.url });
  await signIn(v.page, username, PASSWORD, path);
  return v.page;
}

describe('a deep link to one log row', () => {
  it('opens the call log list with that row shown, though it is not on the first page', async () => {
    const page = await as('owner', `/call-logs?id=${oldestCall}`);
    const detail = page.getByTestId('detail');
    await soon.text(detail, 'Bot number 0');
    // The list beside it is the usual first page: the linked row is not among its rows.
    await soon.text(page.locator('.paged-table tbody'), 'Bot number 129');
    expect(await page.locator('tbody td[data-label="Bot"]', { hasText: /^Bot number 0$/ }).count()).toBe(0);
    await screenshot(page, 'deep-link-call-log-desktop');

    // "Copy link" copies an address that opens the same row for whoever pastes it.
    await page.getByTestId('copy-row-link').click();
    await soon.text(page.getByTestId('copy-row-link'), 'Copied');
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toBe(`${srv.url}/call-logs?id=${oldestCall}`);
    const colleague = await as('supervisor', new URL(link).pathname + new URL(link).search);
    await soon.text(colleague.getByTestId('detail'), 'Bot number 0');
  });

  it('gives a row picked from the list a link of its own', async () => {
    const page = await as('owner', '/call-logs');
    await page.locator('tbody td[data-label="Bot"]', { hasText: /^Bot number 129$/ }).click();
    await page.getByTestId('copy-row-link').click();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    const opened = await as('owner', new URL(link).pathname + new URL(link).search);
    await soon.text(opened.getByTestId('detail'), 'Bot number 129');
  });

  it('opens an audit event by id, on a phone too', async () => {
    const page = await as('admin', `/audit-events?id=${auditId}`, PHONE);
    const detail = page.getByTestId('detail');
    await soon.text(detail, sampleAuditEvents(0)[0]!.userId);
    expect(await detail.evaluate((d) => d.classList.contains('open'))).toBe(true);
    await screenshot(page, 'deep-link-audit-event-phone');
    const desktop = await as('admin', `/audit-events?id=${auditId}`);
    await soon.text(desktop.getByTestId('detail'), sampleAuditEvents(0)[0]!.userId);
    await screenshot(desktop, 'deep-link-audit-event-desktop');
    const calls = await as('owner', `/call-logs?id=${oldestCall}`, PHONE);
    await soon.text(calls.getByTestId('detail'), 'Bot number 0');
    expect(await calls.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(calls, 'deep-link-call-log-phone');
  });

  it("shows nothing of another tenant's row, and refuses a role that may not read call logs", async () => {
    const page = await as('owner', `/call-logs?id=${foreignCall}`);
    await page.getByTestId('row-not-found').waitFor();
    expect(await page.getByTestId('detail').textContent()).not.toContain('Other tenant bot');
    await screenshot(page, 'deep-link-foreign-desktop');

    const agent = await as('agent', `/call-logs?id=${oldestCall}`);
    await soon.text(agent.getByTestId('not-allowed'), 'may not open Call logs');
    expect(await agent.getByTestId('detail').count()).toBe(0);
  });
});
