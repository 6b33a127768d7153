import { startTestServer, type TestServer } from '@loupe/collector/testing/test-server';
import { ANALYST_SCHEMA } from '@loupe/schemas';
import { SEED_CHANGE_AUDITS, sampleAuditEvents, sampleBatch, sampleCallLog } from '@loupe/schemas/fixtures';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launchBrowser, openViewer, PHONE, screenshot, signIn, soon, waitFor } from './support/browser.ts';
import { adminApi, createPeople, PASSWORD } from './support/collector-api.ts';
import { ensureViewerBuilt, VIEWER_DIST } from './support/viewer-build.ts';

/**
 * Issue 17's pages, as people use them: the overview's charts, the SQL page and the integrity
 * page, each opened by a role that may and one that may not, at desktop and phone width.
 */
const ZONE = 'Europe/Berlin';
const DAY = 86_400_000;
/** Noon UTC `n` days ago: 13:00 or 14:00 in Berlin, the same calendar day there. */
const noon = (daysAgo: number) => Math.floor(Date.now() / DAY) * DAY - daysAgo * DAY + DAY / 2;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const SESSION_DAYS = [2, 4, 4, 6];

let srv: TestServer;
let browser: Browser;

async function seed(): Promise<void> {
  // Stored as the ingest route stores a batch: the route itself takes times within a day of now only.
  for (const [i, daysAgo] of SESSION_DAYS.entries()) {
    await srv.services.recorder.store(srv.tenantId, sampleBatch(`insight-${i}`, 0, noon(daysAgo)));
  }
  const api = adminApi(srv);
  await api.post('/v1/call-logs', [
    sampleCallLog(noon(3), { bot: 'Billing bot', application: 'Zendesk', statusCode: 500 }),
    sampleCallLog(noon(3) + 1, { bot: 'Billing bot', application: 'Zendesk', statusCode: 502 }),
    sampleCallLog(noon(3) + 2, { bot: 'Sales bot', application: 'Google Sheets' }),
    sampleCallLog(noon(1), { bot: 'Sales bot', application: 'Google Sheets', statusCode: 404 }),
    sampleCallLog(noon(1) + 1, { bot: 'Sales bot', application: 'Google Sheets' }),
  ]);
  await api.post('/v1/audit-events', sampleAuditEvents(noon(1)));
  await api.post('/v1/change-audits', SEED_CHANGE_AUDITS);
}

async function as(username: string, viewport = DESKTOP): Promise<Page> {
  const v = await openViewer(browser, srv.url, viewport, ZONE);
  await signIn(v.page, username, PASSWORD);
  return v.page;
}

/** A page a person can use on a phone scrolls up and down, never sideways. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  expect(scroll).toBeLessThanOrEqual(width);
}

const navLinks = (page: Page) => page.locator('.nav-link').allTextContents();

beforeAll(async () => {
  await ensureViewerBuilt();
  srv = await startTestServer({}, undefined, { viewerDir: VIEWER_DIST });
  await createPeople(srv);
  await seed();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await srv?.close();
});

describe('the overview', () => {
  it('draws a point for each day with sessions, and each day opens its sessions', async () => {
    const page = await as('owner');
    await page.getByRole('link', { name: 'Overview', exact: true }).click();
    const chart = page.locator('[data-chart="sessions-per-day"] .time-chart');
    await chart.and(page.locator('.drawn')).waitFor();
    // Sessions on three distinct days (two on one of them): three points, not four, not thirty.
    expect(await chart.getAttribute('data-points')).toBe('3');
    const rows = page.locator('[data-chart="sessions-per-day"] .day-table tbody tr');
    expect(await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-day')))).toEqual(
      [6, 4, 2].map((d) => isoDay(noon(d))),
    );
    expect(await rows.nth(1).locator('td').nth(1).textContent()).toBe('2');
    // uPlot drew on its canvas: points and lines in the series colour, not only axes.
    const coloured = await chart.locator('canvas').evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i]! < 40 && d[i + 1]! > 90 && d[i + 2]! > 150) n++;
      return n;
    });
    expect(coloured).toBeGreaterThan(50);
    await screenshot(page, 'overview-desktop');

    // The day with two sessions opens the session list for that day, with both.
    await page.locator('[data-chart="sessions-per-day"] .day-table summary').click();
    await rows.nth(1).locator('a').click();
    await soon.url(page, new RegExp(`/sessions\\?from=${isoDay(noon(4))}T00%3A00%3A00&to=${isoDay(noon(4))}T23`));
    await waitFor('two sessions', async () => (await page.locator('.paged-table tbody tr').count()) === 2);

    // So does a click on the chart itself, at the middle point.
    await page.goBack();
    await chart.and(page.locator('.drawn')).waitFor();
    await chart.locator('.u-over').click();
    await soon.url(page, new RegExp(`/sessions\\?from=${isoDay(noon(4))}T00%3A00%3A00`));
  });

  it('links events by type and call-log errors per bot to the filtered lists behind them', async () => {
    const page = await as('owner');
    await page.goto('/overview');
    const clicks = page.locator('[data-chart="events-by-type"] [data-bar="Click"]');
    await clicks.waitFor();
    // sampleBatch has two clicks; four sessions.
    expect(await clicks.locator('.bar-value').textContent()).toBe('8');
    expect(await page.locator('[data-chart="top-clicks"] .bar-link').count()).toBe(2);
    // Each bar opens the sessions with clicks on that element, not every session with a click.
    const top = page.locator('[data-chart="top-clicks"] .bar-link').first();
    expect(await top.getAttribute('href')).toMatch(/\/sessions\?.*clickText=/);

    const share = page.locator('[data-chart="error-share"]');
    await soon.text(share, '60.0% of 5 calls failed (3)');
    expect(await share.locator('.time-chart').getAttribute('data-points')).toBe('2');
    const bot = page.locator('[data-chart="errors-by-bot"] [data-series="Billing bot"]');
    await bot.click();
    await soon.url(page, /\/call-logs\?.*status=error.*bot=Billing\+bot/);
    await waitFor('the bot filter', async () => (await page.locator('#filter-bot').inputValue()) === 'Billing bot');
    await waitFor('two errors', async () => (await page.locator('.paged-table tbody tr').count()) === 2);
    const bots = await page.locator('tbody td[data-label="Bot"]').allTextContents();
    expect(bots).toEqual(['Billing bot', 'Billing bot']);

    await page.goto('/overview');
    await page.locator('[data-chart="errors-by-integration"] .drawn').waitFor();
    await screenshot(page, 'overview-desktop-call-logs');
  });

  it('fits a phone', async () => {
    const page = await as('owner', PHONE);
    await page.goto('/overview');
    await page.locator('[data-chart="errors-by-bot"] .time-chart.drawn').waitFor();
    await page.locator('[data-chart="sessions-per-day"] .time-chart.drawn').waitFor();
    await expectNoSidewaysScroll(page);
    const width = await page.locator('[data-chart="sessions-per-day"] canvas').evaluate((c) => c.clientWidth);
    expect(width).toBeGreaterThan(250);
    expect(width).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'overview-phone');
  });

  it('shows an Admin the session charts without the call logs, and a Bot Builder none of it', async () => {
    const admin = await as('admin');
    await admin.goto('/overview');
    await admin.locator('[data-chart="sessions-per-day"] .time-chart.drawn').waitFor();
    expect(await admin.locator('[data-chart="error-share"]').count()).toBe(0);
    expect(await admin.getByRole('heading', { name: 'Call logs' }).count()).toBe(0);

    const botBuilder = await as('botbuilder');
    expect(await navLinks(botBuilder)).not.toContain('Overview');
    await botBuilder.goto('/overview');
    await soon.text(botBuilder.getByTestId('not-allowed'), 'may not open Overview');
    expect(await botBuilder.locator('.chart-card').count()).toBe(0);
  });
});

describe('the SQL page', () => {
  it('runs a query, shows its rows and downloads them as CSV', async () => {
    const page = await as('owner');
    await page.getByRole('link', { name: 'SQL', exact: true }).click();
    // The tables and their columns, as the SQL route reports them.
    const callLogs = page.locator('.sql-tables [data-table="call_logs"]');
    await callLogs.waitFor();
    // Every table the collector declares (the viewer keeps its own list of names, for size).
    const listed = await page.locator('.sql-tables > li').evaluateAll((els) => els.map((e) => e.dataset.table));
    expect(listed.sort()).toEqual(ANALYST_SCHEMA.map((t) => t.name).sort());
    await callLogs.locator('summary').click();
    await soon.text(callLogs, 'status_code');

    await page
      .locator('#sql-query')
      .fill('SELECT bot, count() AS calls, countIf(NOT success) AS errors\nFROM call_logs GROUP BY bot ORDER BY bot');
    await page.getByRole('button', { name: 'Run' }).click();
    await soon.text(page.getByTestId('sql-count'), '2 rows');
    expect(await page.locator('.sql-table tbody td[data-label="bot"]').allTextContents()).toEqual([
      'Billing bot',
      'Sales bot',
    ]);
    expect(await page.locator('.sql-table tbody td[data-label="errors"]').allTextContents()).toEqual(['2', '1']);
    await screenshot(page, 'sql-desktop');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('sql-csv').click()]);
    expect(download.suggestedFilename()).toBe('query-result.csv');
    expect(readFileSync((await download.path())!, 'utf8')).toBe(
      'bot,calls,errors\r\nBilling bot,2,2\r\nSales bot,3,1\r\n',
    );
    // The query is in the address bar: a reload runs nothing by itself but keeps it.
    await page.reload();
    expect(await page.locator('#sql-query').inputValue()).toContain('countIf(NOT success)');
  });

  it('runs a saved example and shows ClickHouse’s own message for a bad query', async () => {
    const page = await as('owner');
    await page.goto('/admin/sql');
    await page.locator('[data-example="Top clicks"]').click();
    await page.getByRole('button', { name: 'Run' }).click();
    await soon.text(page.getByTestId('sql-count'), '2 rows');
    expect(await page.locator('.sql-table tbody td[data-label="clicks"]').allTextContents()).toEqual(['4', '4']);

    await page.locator('#sql-query').fill('SELECT no_such_column FROM sessions');
    await page.locator('#sql-query').press('Control+Enter');
    const error = page.getByTestId('sql-error');
    await soon.text(error, 'no_such_column');
    expect(await error.textContent()).toMatch(/ClickHouse refused the query.*UNKNOWN_IDENTIFIER/s);
    expect(await page.locator('.sql-table').count()).toBe(0);
  });

  it('fits a phone', async () => {
    const page = await as('owner', PHONE);
    await page.goto('/admin/sql');
    await page.locator('.sql-tables > li').first().waitFor();
    await page.locator('[data-example="Sessions per day"]').click();
    await page.getByRole('button', { name: 'Run' }).click();
    await soon.text(page.getByTestId('sql-count'), '3 rows');
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'sql-phone');
  });

  it('tells an Admin call logs are not theirs, and is not there for a Supervisor', async () => {
    const admin = await as('admin');
    await admin.goto('/admin/sql');
    await soon.text(admin.locator('.sql-tables [data-table="call_logs"]'), 'not open to your role');

    const supervisor = await as('supervisor');
    expect(await navLinks(supervisor)).not.toContain('SQL');
    await supervisor.goto('/admin/sql');
    await soon.text(supervisor.getByTestId('not-allowed'), 'may not open SQL');
    expect(await supervisor.locator('#sql-query').count()).toBe(0);
  });
});

describe('the integrity page', () => {
  it('says the chains are intact, then names a row changed behind its back, with a link to it', async () => {
    const page = await as('owner');
    await page.getByRole('link', { name: 'Integrity', exact: true }).click();
    await page.getByTestId('verify').click();
    await soon.text(page.getByTestId('integrity-summary'), 'Every chain is intact');
    await screenshot(page, 'integrity-desktop-intact');

    // Someone with database access rewrites a change audit's After value.
    const ids = (await (
      await srv.services.client.query({
        query: `SELECT toString(id) AS id FROM change_audits WHERE tenant_id = '${srv.tenantId}' ORDER BY chain_id, chain_seq`,
        format: 'JSONEachRow',
      })
    ).json()) as { id: string }[];
    const tampered = ids[1]!.id;
    await srv.services.client.command({
      query: `ALTER TABLE change_audits UPDATE after = 'Tampered' WHERE id = toUUID('${tampered}') SETTINGS mutations_sync = 2`,
    });

    await page.getByTestId('verify').click();
    await soon.text(page.getByTestId('integrity-summary'), 'A chain is broken');
    const report = page.locator('.integrity-report[data-table="change_audits"]');
    expect(await report.getAttribute('data-ok')).toBe('false');
    expect(await report.getByTestId('integrity-kind').textContent()).toBe('Changed after it was stored');
    const link = report.locator('.integrity-row-link');
    expect(await link.textContent()).toBe(tampered);
    expect(await page.locator('.integrity-report[data-table="audit_events"]').getAttribute('data-ok')).toBe('true');
    await soon.attribute(link, 'href', new RegExp(`^/change-audits\\?facility=.+&username=.+&from=.+&id=${tampered}$`));
    await screenshot(page, 'integrity-desktop');

    // The link opens the change audits filtered to the row's day and user: the tampered value is there.
    await link.click();
    await soon.url(page, /\/change-audits\?/);
    await soon.text(page.locator('.paged-table tbody'), 'Tampered');
    // and lands on the row itself: its detail pane is open with the tampered value.
    await soon.text(page.getByTestId('detail'), 'Tampered');
  });

  it('fits a phone, and is not there for a Supervisor', async () => {
    const page = await as('owner', PHONE);
    await page.goto('/admin/integrity');
    await page.getByTestId('verify').click();
    await page.getByTestId('integrity-summary').waitFor();
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'integrity-phone');

    const supervisor = await as('supervisor');
    expect(await navLinks(supervisor)).not.toContain('Integrity');
    await supervisor.goto('/admin/integrity');
    await soon.text(supervisor.getByTestId('not-allowed'), 'may not open Integrity');
  });
});
