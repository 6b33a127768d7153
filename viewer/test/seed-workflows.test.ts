import { startTestServer, type TestServer } from '@loupe/collector/testing/test-server';
import { sampleCallLog } from '@loupe/schemas/fixtures';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DESKTOP,
  launchBrowser,
  openViewer,
  screenshot,
  signIn,
  soon,
  waitFor,
  type ViewerPage,
} from './support/browser.ts';
import { adminApi, createPeople, PASSWORD } from './support/collector-api.ts';
import { ensureViewerBuilt, VIEWER_DIST } from './support/viewer-build.ts';

/** Seed 000's CSV as the document prints it (the same file as the collector's fixture). */
const SEED_CSV = readFileSync(new URL('./fixtures/seed-000-change-audits.csv', import.meta.url), 'utf8');
/** Seed 000's three example rows as its screens spell the values: "External API", any case. */
const AS_THE_SEED_WRITES = [
  { facility: 'Channels', field: 'Name', after: 'Smoke', origin: 'KPICHAT' },
  { facility: 'channels', field: 'Description', after: 'Test', origin: 'External API' },
  { facility: 'Channels', field: 'Notifications Enabled', after: 'false', origin: 'kpichat' },
].map((r) => ({ ...r, username: 'Administrator', before: '', actionDate: '2022-11-01T14:29:53Z', action: 'Add' }));

let srv: TestServer;
let browser: Browser;
let owner: ViewerPage;

const cellTexts = (page: Page, label: string) =>
  page.locator(`.paged-table tbody td[data-label="${label}"]`).allTextContents();

async function applyFilters(page: Page, fill: () => Promise<void>): Promise<void> {
  await fill();
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.locator('.table-status .count, .table-status .state-empty').first().waitFor();
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Clicks the page's Export button and gives the downloaded file's bytes after the UTF-8 byte-order
 * mark the button asks for (so spreadsheets read the seed's accents right); the mark is checked here.
 */
async function exportBytes(page: Page): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
  const bytes = readFileSync((await download.path())!);
  expect(bytes.subarray(0, 3).equals(BOM)).toBe(true);
  return bytes.subarray(3);
}

/** The change audits of 1 November 2022, as seed 000's report is asked for in the viewer. */
async function novemberReport(page: Page): Promise<void> {
  await page.goto('/change-audits');
  await page.locator('.table-status .count, .table-status .state-empty').first().waitFor();
  await applyFilters(page, async () => {
    await page.getByLabel('Facility').selectOption({ label: 'Channels' });
    await page.getByLabel('From').fill('2022-11-01');
    await page.getByLabel('To').fill('2022-11-01');
  });
}

beforeAll(async () => {
  await ensureViewerBuilt();
  srv = await startTestServer({}, undefined, { viewerDir: VIEWER_DIST });
  await createPeople(srv);
  browser = await launchBrowser();
  owner = await openViewer(browser, srv.url, DESKTOP, 'Europe/Berlin');
  await signIn(owner.page, 'owner', PASSWORD);
});

afterAll(async () => {
  await browser?.close();
  await srv?.close();
});

describe("seed 000's audit report", () => {
  it("exports the seed's rows, posted in the seed's spellings, byte for byte as the seed's CSV", async () => {
    expect((await adminApi(srv).post('/v1/change-audits', AS_THE_SEED_WRITES)) as { stored: number }).toMatchObject({
      stored: 3,
    });
    const page = await owner.context.newPage();
    await novemberReport(page);
    expect(await cellTexts(page, 'Origin')).toEqual(expect.arrayContaining(['KPICHAT', 'External API']));
    expect((await exportBytes(page)).toString('utf8')).toBe(SEED_CSV);
    // The seed's Origin filter value, "External API", finds the row the CSV writes as ExternalAPI.
    await applyFilters(page, async () => {
      await page.getByLabel('Origin').selectOption({ label: 'External API' });
    });
    expect(await cellTexts(page, 'Field')).toEqual(['Description']);
    await page.close();
  });

  it('finds an archived month in the viewer and exports it with the same bytes as before archiving', async () => {
    const page = await owner.context.newPage();
    await novemberReport(page);
    expect(await cellTexts(page, 'Field')).toHaveLength(3);
    const before = await exportBytes(page);
    expect(before.toString('utf8')).toBe(SEED_CSV);

    const api = adminApi(srv);
    await api.put('/v1/settings', { archiveAfterMonths: 1 });
    const run = await api.post<{ archived: { table: string; month: number; rows: number }[] }>('/v1/archive/run', {});
    expect(run.archived).toContainEqual({ table: 'change_audits', month: 202211, rows: 3 });
    // Gone from the live table...
    const live = await api.get<{ items: unknown[] }>('/v1/change-audits?from=2022-11-01&includeArchived=false');
    expect(live.items).toHaveLength(0);

    // ...and still the same report in the viewer, list and Export alike.
    await novemberReport(page);
    expect(await page.getByText('No changes match').count()).toBe(0);
    expect(new Set(await cellTexts(page, 'Field'))).toEqual(new Set(['Name', 'Description', 'Notifications Enabled']));
    const after = await exportBytes(page);
    expect(after.equals(before)).toBe(true);
    await screenshot(page, 'change-audits-archived-1280');
    await page.close();
  });
});

describe("seed 001's call-log filters", () => {
  it("offers the account's bots and applications to pick from, and filters by the one picked", async () => {
    const now = Date.now();
    const api = adminApi(srv);
    await api.post('/v1/call-logs', [
      sampleCallLog(now - 5000, { bot: 'Lead bot', application: 'Salesforce' }),
      sampleCallLog(now - 4000, { bot: 'billing bot', application: 'Zendesk', statusCode: 500 }),
      sampleCallLog(now - 3000, { bot: 'Support bot', application: 'Google Sheets' }),
      sampleCallLog(now - 2000, { bot: 'Support bot', application: 'Zendesk', statusCode: 0 }),
    ]);
    const otherTenant = await srv.addTenant('tenant-other-bots');
    await fetch(`${srv.url}/v1/call-logs`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${otherTenant.adminKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify([sampleCallLog(now, { bot: 'Secret bot', application: 'Secret app' })]),
    });

    const v = await openViewer(browser, srv.url, DESKTOP);
    await signIn(v.page, 'botbuilder', PASSWORD, '/call-logs');
    const bots = v.page.getByLabel('Bot name');
    const optionsOf = (l: typeof bots) => l.locator('option').allTextContents();
    await waitFor('the bot list', async () => (await optionsOf(bots)).length === 4);
    expect(await optionsOf(bots)).toEqual(['All bots', 'billing bot', 'Lead bot', 'Support bot']);
    expect(await optionsOf(v.page.getByLabel('Application'))).toEqual([
      'All applications',
      'Google Sheets',
      'Salesforce',
      'Zendesk',
    ]);
    await applyFilters(v.page, () => bots.selectOption('Support bot').then(() => undefined));
    expect(await cellTexts(v.page, 'Bot')).toEqual(['Support bot', 'Support bot']);
    await applyFilters(v.page, () =>
      v.page
        .getByLabel('Application')
        .selectOption('Zendesk')
        .then(() => undefined),
    );
    expect(await cellTexts(v.page, 'Application')).toEqual(['Zendesk']);
    // A shared link keeps its pick, and the list is still there around it.
    await v.page.reload();
    await waitFor('the bot list again', async () => (await optionsOf(bots)).length === 4);
    expect(await bots.inputValue()).toBe('Support bot');
    await screenshot(v.page, 'call-logs-bot-filter-1280');
    await v.context.close();
  });
});

describe("seed 002's audit view", () => {
  it("names the type as the seed does, the user by name, and the type's data as fields", async () => {
    const api = adminApi(srv);
    const users = await api.get<{ items: { id: string; username: string }[] }>('/v1/users');
    const supervisor = users.items.find((u) => u.username === 'supervisor')!;
    const agent = users.items.find((u) => u.username === 'agent')!;
    // Newer than the events of the set-up (user creation is audited too), so they lead the list.
    const ts = Date.now();
    await api.post('/v1/audit-events', [
      { type: 'START_CALL', ts, userId: agent.id, data: { callId: 'call-77', customerId: 'cust-9' } },
      {
        type: 'ROLE_CHANGE',
        ts: ts + 1000,
        userId: supervisor.id,
        data: { roleName: 'Bot Builder', tenantUser: agent.id },
      },
      { type: 'LOGGED_IN', ts: ts + 2000, userId: 'platform-user-42', data: {} },
    ]);
    const page = await owner.context.newPage();
    await page.goto('/audit-events');
    await page.locator('.paged-table tbody tr').first().waitFor();
    const row = (type: string) => page.locator('.paged-table tbody tr', { has: page.locator(`[data-type="${type}"]`) });

    const call = row('START_CALL').first();
    expect(await call.locator('td[data-label="Type"]').textContent()).toBe('[Call] Start');
    expect(await call.locator('td[data-label="User"]').textContent()).toBe('agent');
    expect(await call.locator('td[data-label="Data"]').textContent()).toBe('Call: call-77 · Customer: cust-9');
    const roles = row('ROLE_CHANGE').first();
    expect(await roles.locator('td[data-label="Type"]').textContent()).toBe('[Roles] changed');
    expect(await roles.locator('td[data-label="User"]').textContent()).toBe('supervisor');
    // An id Loupe does not know (the platform's own user) is shown as it is.
    expect(await row('LOGGED_IN').first().locator('td[data-label="User"]').textContent()).toBe('platform-user-42');
    expect(await page.locator('.paged-table tbody td[data-label="Data"]').allTextContents()).not.toContainEqual(
      expect.stringContaining('{'),
    );

    await roles.click();
    const detail = page.getByTestId('detail');
    await soon.text(detail, '[Roles] changed (ROLE_CHANGE)');
    const data = page.getByTestId('audit-data');
    expect(await data.locator('dt').allTextContents()).toEqual(['Role name', 'Tenant user']);
    // The tenant user whose role changed, by name too.
    expect(await data.locator('dd').allTextContents()).toEqual(['Bot Builder', 'agent']);
    await soon.text(detail, supervisor.id);
    await screenshot(page, 'audit-events-fields-1280');
    await page.close();
  });
});
