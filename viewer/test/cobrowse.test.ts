import { startTestServer, type TestServer } from '@loupe/collector/testing/test-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, openViewer, signIn, soon, waitFor, type ViewerPage } from './support/browser.ts';
import { adminApi, createPeople, PASSWORD } from './support/collector-api.ts';
import { startHelpDesk, type HelpDesk } from './support/help-desk-site.ts';
import { drained, storedSession, visit } from './support/record-session.ts';
import { ensureRecorderBuilt, RECORDER_DIST } from './support/recorder-build.ts';
import { ensureViewerBuilt, VIEWER_DIST } from './support/viewer-build.ts';

let srv: TestServer;
let desk: HelpDesk;
let browser: Browser;
let agent: ViewerPage;

interface StoredEvent {
  type: string;
  isAgent: boolean;
  data: { target?: string; value?: string };
}

const frame = (p: Page) => p.frameLocator('.replay-stage iframe');
const frameText = (p: Page) =>
  p.evaluate(
    () => document.querySelector<HTMLIFrameElement>('.replay-stage iframe')?.contentDocument?.body?.textContent ?? '',
  );
const frameValue = (p: Page, selector: string) =>
  p.evaluate(
    (s) =>
      document
        .querySelector<HTMLIFrameElement>('.replay-stage iframe')
        ?.contentDocument?.querySelector<HTMLInputElement>(s)?.value ?? null,
    selector,
  );

beforeAll(async () => {
  await Promise.all([ensureViewerBuilt(), ensureRecorderBuilt()]);
  srv = await startTestServer({}, undefined, { viewerDir: VIEWER_DIST, recorderDir: RECORDER_DIST });
  await createPeople(srv);
  desk = await startHelpDesk(srv);
  browser = await launchBrowser();
  agent = await openViewer(browser, srv.url);
  await signIn(agent.page, 'agent', PASSWORD);
});

afterAll(async () => {
  await browser?.close();
  await desk?.close();
  await srv?.close();
});

/** The agent opens the customer's session live, and asks to join. */
async function askToJoin(sessionId: string): Promise<Page> {
  await storedSession(srv, sessionId, ['PAGECHANGE']);
  const page = await agent.context.newPage();
  await page.goto(`/sessions/${sessionId}`);
  // The recorded replay opens first; live starts from there.
  await waitFor('the replay', async () => (await frameText(page)).includes('Not clicked yet'));
  await soon.enabled(page.getByTestId('play'));
  await page.getByTestId('watch-live').click();
  await soon.exactText(page.getByTestId('live-status'), 'Live', 20_000);
  await waitFor('the live page', async () => (await frameText(page)).includes('Not clicked yet'));
  await page.getByTestId('cobrowse-join').click();
  await soon.text(page.getByTestId('cobrowse-status'), 'Waiting for the customer');
  return page;
}

/** The customer's page hears of a request with its next batch: the customer moves the mouse meanwhile. */
async function promptOn(customer: Page) {
  const prompt = customer.locator('.loupe-cobrowse-prompt');
  await waitFor('the consent prompt', async () => {
    await customer.mouse.move(100 + Math.random() * 200, 100 + Math.random() * 200);
    return prompt.isVisible();
  });
  return prompt;
}

const events = async (sessionId: string) =>
  (await adminApi(srv).get<{ items: StoredEvent[] }>(`/v1/sessions/${sessionId}/events?limit=1000`)).items;

it('shows live what the page changed before the live view opened, and every change after', async () => {
  // rrweb applies the events older than the live view's start at once, into its virtual DOM, which
  // only a player's seek ever flushes: in live mode every later change went there and was never shown.
  const customer = await visit(browser, desk.url);
  try {
    await customer.page.click('#mine');
    await storedSession(srv, customer.sessionId, ['PAGECHANGE', 'CLICK']);
    await drained(customer.page);
    const view = await agent.context.newPage();
    await view.goto(`/sessions/${customer.sessionId}`);
    await soon.enabled(view.getByTestId('play'));
    await view.getByTestId('watch-live').click();
    await soon.exactText(view.getByTestId('live-status'), 'Live', 20_000);
    await waitFor('the earlier change seen live', async () =>
      (await frameText(view)).includes('The customer clicked Mine'),
    );
    await customer.page.fill('#note', 'typed later');
    await waitFor('the later change seen live', async () => (await frameText(view)).includes('Echo: typed later'));
    await view.close();
  } finally {
    await customer.close();
  }
});

it("lets a consenting customer's agent click and type on their page, each action stored as the agent's", async () => {
  const customer = await visit(browser, desk.url);
  try {
    const view = await askToJoin(customer.sessionId);
    await customer.page.fill('#code', 'SECRET42');
    await customer.page.click('#mine');
    await waitFor('the customer’s click seen live', async () =>
      (await frameText(view)).includes('The customer clicked Mine'),
    );
    // The masked field is masked in the agent's view as in the replay.
    await waitFor('the masked field in the live view', async () => (await frameValue(view, '#code'))?.length === 8);
    expect(await frameValue(view, '#code')).not.toContain('SECRET');

    const prompt = await promptOn(customer.page);
    expect(await prompt.textContent()).toContain('asks to act on this page');
    await prompt.getByRole('button', { name: 'Allow' }).click();
    await soon.text(view.getByTestId('cobrowse-status'), 'Joined');
    await customer.page.locator('.loupe-cobrowse-bar').waitFor();

    await frame(view).locator('#go').click();
    await soon.text(customer.page.locator('#status'), 'Clicked by the agent');
    await waitFor('the click seen live', async () => (await frameText(view)).includes('Clicked by the agent'));

    await frame(view).locator('#note').fill('hello from the agent');
    await waitFor(
      'the typing on the page',
      async () => (await customer.page.inputValue('#note')) === 'hello from the agent',
    );
    await soon.text(customer.page.locator('#echo'), 'Echo: hello from the agent');
    await waitFor('the typing seen live', async () => (await frameText(view)).includes('Echo: hello from the agent'));

    // Password and payment fields, and what the page keeps from the agent, refuse.
    await frame(view).locator('#pw').fill('hunter2');
    await soon.text(view.getByTestId('cobrowse-notice'), 'password or payment');
    await view.getByTestId('cobrowse-notice').evaluate((n) => (n.textContent = ''));
    await frame(view).locator('#card').fill('4111111111111111');
    await soon.text(view.getByTestId('cobrowse-notice'), 'password or payment');
    await frame(view).locator('#delete').click();
    await soon.text(view.getByTestId('cobrowse-notice'), 'does not let the agent touch');
    await customer.page.waitForTimeout(800);
    expect(await customer.page.inputValue('#pw')).toBe('');
    expect(await customer.page.inputValue('#card')).toBe('');
    expect(await customer.page.textContent('#deleted')).toBe('');

    // Scrolling the live view scrolls the customer's page.
    await view.locator('.replay-stage iframe').hover();
    await view.mouse.wheel(0, 600);
    await waitFor('the page scrolled', async () => (await customer.page.evaluate(() => scrollY)) > 100);

    await customer.page.click('#mine');
    const stored = await waitFor('the agent’s and the customer’s events', async () => {
      const e = await events(customer.sessionId);
      const clicks = e.filter((x) => x.type === 'CLICK');
      return clicks.length >= 3 && e.some((x) => x.type === 'INPUT' && x.isAgent) ? e : null;
    });
    const who = (t: string) => stored.filter((e) => e.type === t).map((e) => [e.data.target, e.isAgent]);
    expect(who('CLICK')).toEqual([
      ['mine', false],
      ['go', true],
      ['mine', false],
    ]);
    const inputs = stored.filter((e) => e.type === 'INPUT');
    expect(inputs.filter((e) => e.isAgent).map((e) => [e.data.target, e.data.value])).toEqual([
      ['note', 'hello from the agent'],
    ]);
    // The customer's recorder did not log the agent's typing as the customer's, nor any refused field.
    expect(inputs.filter((e) => !e.isAgent).map((e) => e.data.target)).toEqual(['code']);
    expect(inputs.find((e) => e.data.target === 'code')?.data.value).not.toContain('SECRET');

    expect(stored.some((e) => e.type === 'SCROLL' && e.isAgent)).toBe(true);

    // The customer ends it: the agent's actions no longer go through.
    await customer.page.locator('.loupe-cobrowse-bar').getByRole('button', { name: 'End' }).click();
    await soon.text(view.getByTestId('cobrowse-status'), 'Ended');
    await customer.page.locator('.loupe-cobrowse-bar').waitFor({ state: 'detached' });
    const after = await view.evaluate(async (sid) => {
      const r = await fetch(`/v1/sessions/${sid}/cobrowse/actions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ kind: 'click', nodeId: 1 }),
      });
      return r.status;
    }, customer.sessionId);
    expect(after).toBe(409);
    // The request, the consent and the end are audited with the agent and the session.
    const audit = await adminApi(srv).get<{
      items: { type: string; userName: string | null; data: { sessionId: string; by?: string } }[];
    }>('/v1/audit-events?limit=1000');
    const steps = audit.items.filter((a) => a.data.sessionId === customer.sessionId && a.type.startsWith('LIVE_VIEW_'));
    expect(steps.map((a) => a.type).sort()).toEqual(['LIVE_VIEW_CONSENT', 'LIVE_VIEW_END', 'LIVE_VIEW_REQUEST']);
    expect(new Set(steps.map((a) => a.userName))).toEqual(new Set(['agent']));
    expect(steps.find((a) => a.type === 'LIVE_VIEW_END')?.data.by).toBe('customer');
    await view.close();
  } finally {
    await customer.close();
  }
});

it('lets nothing through when the customer refuses', async () => {
  const customer = await visit(browser, desk.url);
  try {
    const view = await askToJoin(customer.sessionId);
    const prompt = await promptOn(customer.page);
    await prompt.getByRole('button', { name: 'Deny' }).click();
    await soon.text(view.getByTestId('cobrowse-status'), 'refused');
    // Straight to the API, as a script in the agent's tab could: refused too.
    const res = await view.evaluate(async (sid) => {
      const r = await fetch(`/v1/sessions/${sid}/cobrowse/actions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'loupe' },
        body: JSON.stringify({ kind: 'click', nodeId: 1 }),
      });
      return r.status;
    }, customer.sessionId);
    expect(res).toBe(409);
    await frame(view).locator('#go').click({ force: true });
    await customer.page.waitForTimeout(800);
    expect(await customer.page.textContent('#status')).toBe('Not clicked yet');
    expect(await customer.page.locator('.loupe-cobrowse-bar').count()).toBe(0);
    const audit = await adminApi(srv).get<{ items: { type: string; data: { sessionId: string } }[] }>(
      '/v1/audit-events?limit=1000',
    );
    const mine = audit.items.filter((a) => a.data.sessionId === customer.sessionId).map((a) => a.type);
    expect(mine).toEqual(expect.arrayContaining(['LIVE_VIEW', 'LIVE_VIEW_REQUEST', 'LIVE_VIEW_REFUSAL']));
    expect(mine).not.toContain('LIVE_VIEW_CONSENT');
    await view.close();
  } finally {
    await customer.close();
  }
});
