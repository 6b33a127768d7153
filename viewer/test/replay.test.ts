import { startTestServer, type TestServer } from '@loupe/collector/testing/test-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  openViewer,
  PHONE,
  screenshot,
  signIn,
  soon,
  waitFor,
  type PageLog,
} from './support/browser.ts';
import { createPeople, PASSWORD } from './support/collector-api.ts';
import { FORGED_ID, HTML_USER, HTML_VALUE, postForgedSession } from './support/forged-session.ts';
import { LONG_ID, MINUTE, postLongSession } from './support/long-session.ts';
import { ensureRecorderBuilt, RECORDER_DIST } from './support/recorder-build.ts';
import {
  recordHostileVisit,
  recordShopVisit,
  startSite,
  storedSession,
  visit,
  type Site,
} from './support/record-session.ts';
import { ensureViewerBuilt, VIEWER_DIST } from './support/viewer-build.ts';

let srv: TestServer;
let site: Site;
let browser: Browser;
let agent: { context: BrowserContext; page: Page; log: PageLog };
let shopSession: string;
let hostileSession: string;
let longStart: number;

/** The text of the page rebuilt in rrweb's replay iframe. */
const frameText = (page: Page) =>
  page.evaluate(
    () => document.querySelector<HTMLIFrameElement>('.replay-stage iframe')?.contentDocument?.body?.textContent ?? '',
  );
const frameValue = (page: Page, selector: string) =>
  page.evaluate(
    (s) =>
      document
        .querySelector<HTMLIFrameElement>('.replay-stage iframe')
        ?.contentDocument?.querySelector<HTMLInputElement>(s)?.value ?? null,
    selector,
  );
const playhead = async (page: Page) => Number(await page.getByTestId('timeline').getAttribute('aria-valuenow'));

async function newPage(): Promise<{ page: Page; log: PageLog }> {
  const page = await agent.context.newPage();
  const log: PageLog = { console: [], errors: [] };
  page.on('console', (m) => log.console.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => log.errors.push(e));
  return { page, log };
}

/** Opens a replay and waits until the recorded page is on the stage. */
async function openReplay(page: Page, path: string, text: string): Promise<void> {
  await page.goto(path);
  await waitFor(`"${text}" in the replay`, async () => (await frameText(page)).includes(text));
  await soon.enabled(page.getByTestId('play'));
}

beforeAll(async () => {
  await Promise.all([ensureViewerBuilt(), ensureRecorderBuilt()]);
  srv = await startTestServer({}, undefined, { viewerDir: VIEWER_DIST, recorderDir: RECORDER_DIST });
  await createPeople(srv);
  site = await startSite(srv);
  browser = await launchBrowser();
  [shopSession, hostileSession, { start: longStart }] = await Promise.all([
    recordShopVisit(browser, site, srv),
    recordHostileVisit(browser, site, srv),
    postLongSession(srv),
    postForgedSession(srv),
  ]);
  agent = await openViewer(browser, srv.url);
  await signIn(agent.page, 'agent', PASSWORD);
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await srv?.close();
});

describe('sessions and replay', () => {
  it('signs in with the form and lands an agent on the sessions list', async () => {
    const v = await openViewer(browser, srv.url);
    await v.page.goto('/call-logs');
    await soon.url(v.page, /\/sign-in\?next=%2Fcall-logs$/);
    await v.page.getByLabel('Username').fill('agent');
    await v.page.getByLabel('Password').fill('wrong password');
    await v.page.getByRole('button', { name: 'Sign in' }).click();
    await v.page.getByRole('alert').filter({ hasText: 'The username or password is wrong.' }).waitFor();
    await screenshot(v.page, 'sign-in-1280');
    await v.page.getByLabel('Password').fill(PASSWORD);
    await v.page.getByRole('button', { name: 'Sign in' }).click();
    // The page it asked for is not the agent's to see: it says so, and the navigation never offers it.
    await v.page.getByTestId('not-allowed').waitFor();
    await v.page.getByRole('link', { name: 'Sessions' }).click();
    await v.page.locator('a.session-link').first().waitFor();
    expect(await v.page.getByRole('navigation', { name: 'Main' }).textContent()).toBe('RecordsSessionsOverviewHeatmap');
    await v.context.close();
  });

  it('lists recorded sessions newest first and filters them', async () => {
    const { page } = await newPage();
    await page.goto('/sessions');
    await page.locator(`a[data-session="${shopSession}"]`).waitFor();
    const rows = page.locator('tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(3);
    const starts = await page.locator('a.session-link').allTextContents();
    expect([...starts].sort().reverse()).toEqual(starts);
    await soon.text(page.locator(`tr:has(a[data-session="${shopSession}"])`), 'Ada Lovelace (u-42)');
    await screenshot(page, 'sessions-1280');

    await page.getByLabel('Page URL contains').fill('/shop/done');
    await page.getByLabel('Has event').selectOption('CUSTOM_EVENT');
    await page.getByRole('button', { name: 'Apply' }).click();
    await soon.url(page, /url=%2Fshop%2Fdone/);
    await page.locator(`a[data-session="${shopSession}"]`).waitFor();
    expect(await page.locator('a.session-link').count()).toBe(1);

    await page.getByLabel('Has event').selectOption('');
    await page.getByLabel('Page URL contains').fill('');
    await page.getByLabel('Min duration (s)').fill('3600');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('No sessions match these filters.').waitFor();
    await page.close();
  });

  it('plays a session recorded by the recorder inside a sandboxed iframe', async () => {
    const { page } = await newPage();
    await page.goto('/sessions');
    await page.locator(`a[data-session="${shopSession}"]`).click();
    await soon.url(page, new RegExp(`/sessions/${shopSession}$`));
    await waitFor('the shop in the replay', async () => (await frameText(page)).includes('Welcome to the test shop'));
    expect(await page.locator('.replay-stage iframe').getAttribute('sandbox')).toBe('allow-same-origin');
    expect(await frameText(page)).toContain('Cart is empty');

    await page.getByTestId('speed').selectOption('4');
    await page.getByTestId('play').click();
    await soon.exactText(page.getByTestId('play'), 'Pause');
    // The lamp is added a second in: at 4x, a fraction of a second of playing.
    await waitFor('the click to play back', async () => (await frameText(page)).includes('1 item in cart'), 10_000);
    await page.getByTestId('play').click();
    await soon.exactText(page.getByTestId('play'), 'Play');
    expect(await playhead(page)).toBeGreaterThan(900);
    await soon.attribute(page.getByTestId('moment-link'), 'href', new RegExp(`^/sessions/${shopSession}\\?t=\\d+$`));
    await screenshot(page, 'replay-1280');
    await page.close();
  });

  it('lands at a marker’s moment on the timeline and follows it in the event list', async () => {
    const { page } = await newPage();
    await openReplay(page, `/sessions/${shopSession}`, 'Welcome to the test shop');
    const custom = page.locator('.marker[data-type="CUSTOM_EVENT"]');
    const offset = Number(await custom.getAttribute('data-offset'));
    await custom.click();
    await waitFor('the playhead at the marker', async () => Math.abs((await playhead(page)) - offset) <= 1);
    // track() ran 1.2 s after paying and 1.2 s before finishing: paid, not yet finished.
    await waitFor('the page as it was then', async () => (await frameText(page)).includes('Thank you!'));
    expect(await frameText(page)).toContain('Welcome to the test shop');
    expect(await frameText(page)).not.toContain('Order placed');
    expect(await frameValue(page, '#email')).toBe('ada@example.com');
    await soon.attribute(page.locator('.event-row.current'), 'data-type', 'CUSTOM_EVENT');
    await soon.text(page.locator('.event-row.current'), 'coupon: SPRING');

    // The page change of "Finish" is the last one; the heading changed with it.
    const finish = page.locator('.marker[data-type="PAGECHANGE"]').last();
    const finishOffset = Number(await finish.getAttribute('data-offset'));
    expect(finishOffset).toBeGreaterThan(offset);
    await finish.click();
    await waitFor('the finished order', async () => (await frameText(page)).includes('Order placed'));
    expect(Math.abs((await playhead(page)) - finishOffset)).toBeLessThanOrEqual(1);

    // Back to the first click through the event list.
    await page.locator('.event-row[data-type="CLICK"] button').first().click();
    await waitFor('the page before the lamp was added', async () => !(await frameText(page)).includes('Order placed'));
    expect(await frameText(page)).toContain('Welcome to the test shop');
    await soon.attribute(page.locator('.event-row.current'), 'data-type', 'CLICK');
    await page.close();
  });

  it('opens a session at the moment a link names, without the list’s help', async () => {
    const { page } = await newPage();
    await openReplay(page, `/sessions/${shopSession}`, 'Welcome to the test shop');
    const offset = Number(await page.locator('.marker[data-type="CUSTOM_EVENT"]').getAttribute('data-offset'));
    // A fresh tab: no history state, so the replay asks for the session's summary by itself.
    const fresh = await agent.context.newPage();
    const reads: string[] = [];
    fresh.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith('/v1/sessions')) reads.push(u.pathname);
    });
    await fresh.goto(`/sessions/${shopSession}?t=${offset + 100}`);
    await waitFor('the moment of the link', async () => (await frameText(fresh)).includes('Thank you!'));
    expect(await frameText(fresh)).not.toContain('Order placed');
    expect(Math.abs((await playhead(fresh)) - (offset + 100))).toBeLessThanOrEqual(1);
    await soon.text(fresh.locator('.facts'), 'Ada Lovelace (u-42)');
    expect(reads).toContain(`/v1/sessions/${shopSession}`);
    expect(reads).not.toContain('/v1/sessions');
    await screenshot(fresh, 'replay-at-moment-1280');
    // A link to a session the collector does not know says so.
    await fresh.goto('/sessions/no-such-session');
    await soon.text(fresh.locator('.replay-overlay'), 'This session has no recording.');
    await fresh.close();
    await page.close();
  });

  it('starts a long session at ?t= from the snapshot before it, not after downloading all of it', async () => {
    const { page } = await newPage();
    const requests: { from: number; snapshot: boolean }[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname === `/v1/sessions/${LONG_ID}/replay`)
        requests.push({
          from: Date.parse(u.searchParams.get('from') ?? ''),
          snapshot: u.searchParams.get('snapshot') === 'true',
        });
    });
    const t = 12.5 * MINUTE;
    await page.goto(`/sessions/${LONG_ID}?t=${t}`);
    await waitFor('minute 12 of the long session', async () => (await frameText(page)).includes('Minute 12'));
    expect(Math.abs((await playhead(page)) - t)).toBeLessThanOrEqual(1);
    // One request from the moment itself, which the collector starts at the snapshot of minute 10;
    // every later one goes forwards. Nothing before minute 8 was asked for.
    expect(requests.length).toBeGreaterThan(0);
    expect(requests[0]).toEqual({ from: longStart + t, snapshot: true });
    expect(requests.filter((r) => r.from <= longStart + t)).toHaveLength(1);
    expect(requests.every((r) => Number.isFinite(r.from) && r.from >= longStart + 8 * MINUTE)).toBe(true);

    // Back to the start: one request for what lies before, and it rebuilds from the first snapshot.
    await page.getByTestId('timeline').focus();
    await page.keyboard.press('Home');
    await waitFor('minute 0', async () => (await frameText(page)).includes('Minute 0'));
    expect(await playhead(page)).toBe(0);
    expect(requests.filter((r) => r.from < longStart + t)).toEqual([{ from: longStart, snapshot: true }]);
    await page.keyboard.press('End');
    await waitFor('minute 20', async () => (await frameText(page)).includes('Minute 20'));
    await page.close();
  });

  it('opens a long session by loading only a little ahead of the playhead, not the rest of it', async () => {
    const { page } = await newPage();
    const froms: number[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname === `/v1/sessions/${LONG_ID}/replay`) froms.push(Date.parse(u.searchParams.get('from') ?? ''));
    });
    await openReplay(page, `/sessions/${LONG_ID}`, 'Minute 0');
    // Time for any background loading to run on; paused at minute 0, nothing past a few minutes is asked for.
    await page.waitForTimeout(1_500);
    expect(froms.length).toBeGreaterThan(0);
    expect(Math.max(...froms)).toBeLessThan(longStart + 5 * MINUTE);
    // A seek far ahead starts there from its snapshot rather than loading the fifteen minutes between.
    const before = froms.length;
    await page.getByTestId('timeline').focus();
    await page.keyboard.press('End');
    await waitFor('minute 20', async () => (await frameText(page)).includes('Minute 20'));
    expect(froms.slice(before).every((f) => f >= longStart + 15 * MINUTE)).toBe(true);
    await page.close();
  });

  it('shows the first frame before asking for the session’s events, then lists them', async () => {
    // A fresh tab, as a shared link opens: before the frame, only the summary and one replay
    // window; the events (list, markers) are asked for once the frame is painted. The page notes
    // when each fetch starts and when the stage first holds the recorded page, on one clock.
    const fresh = await agent.context.newPage();
    await fresh.addInitScript(() => {
      const w = window as unknown as { __asked: { path: string; at: number }[]; __painted: number | null };
      w.__asked = [];
      w.__painted = null;
      const fetch = window.fetch.bind(window);
      window.fetch = (input, init) => {
        const url = new URL(input instanceof Request ? input.url : String(input), location.href);
        w.__asked.push({ path: url.pathname, at: performance.now() });
        return fetch(input, init);
      };
      const poll = () => {
        const body = document.querySelector<HTMLIFrameElement>('.replay-stage iframe')?.contentDocument?.body;
        if (body?.textContent?.includes('Minute 0')) w.__painted = performance.now();
        else requestAnimationFrame(poll);
      };
      requestAnimationFrame(poll);
    });
    await fresh.goto(`/sessions/${LONG_ID}`);
    await waitFor('the first frame', async () => (await frameText(fresh)).includes('Minute 0'));
    await soon.text(fresh.getByTestId('event-list'), 'https://shop.example/long');
    const { asked, painted } = await fresh.evaluate(() => {
      const w = window as unknown as { __asked: { path: string; at: number }[]; __painted: number };
      return { asked: w.__asked.filter((a) => a.path.startsWith('/v1/sessions/')), painted: w.__painted };
    });
    const events = asked.filter((a) => a.path.endsWith('/events'));
    expect(events.length).toBeGreaterThan(0);
    expect(Math.min(...events.map((a) => a.at))).toBeGreaterThan(painted);
    expect(asked.filter((a) => a.at <= painted).map((a) => a.path)).toEqual([
      `/v1/sessions/${LONG_ID}`,
      `/v1/sessions/${LONG_ID}/replay`,
    ]);
    await fresh.close();
  });

  it('shows a session still being recorded live', async () => {
    const live = await visit(browser, `${site.url}/shop`);
    try {
      await storedSession(srv, live.sessionId, ['PAGECHANGE']);
      const { page } = await newPage();
      await openReplay(page, `/sessions/${live.sessionId}`, 'Welcome to the test shop');
      await page.getByTestId('watch-live').click();
      await soon.exactText(page.getByTestId('live-status'), 'Live', 15_000);
      await waitFor('the live page', async () => (await frameText(page)).includes('Cart is empty'));
      await live.page.click('#add-lamp');
      await waitFor('the click to arrive live', async () => (await frameText(page)).includes('1 item in cart'), 15_000);
      await page.locator('.event-row[data-type="CLICK"]').last().waitFor();
      await page.close();
    } finally {
      await live.close();
    }
  });

  it('runs no script of a recorded page: not the recorder’s recording, not a forged one', async () => {
    for (const [path, text] of [
      [`/sessions/${hostileSession}`, 'Hostile page'],
      [`/sessions/${FORGED_ID}`, 'Forged page'],
    ] as const) {
      const { page, log } = await newPage();
      await openReplay(page, path, text);
      // Play past the added scripts and handlers to the end.
      await page.getByTestId('speed').selectOption('8');
      await page.getByTestId('play').click();
      await soon.exactText(page.getByTestId('play'), 'Replay', 15_000);
      await page.waitForTimeout(500);
      const effects = await page.evaluate(() => {
        const frame = document.querySelector<HTMLIFrameElement>('.replay-stage iframe')!;
        const w = frame.contentWindow as (Window & { pwnedInFrame?: unknown }) | null;
        return {
          top: (window as Window & { pwned?: unknown }).pwned ?? null,
          frame: w?.pwnedInFrame ?? null,
          dom: frame.contentDocument?.body?.getAttribute('data-pwned') ?? null,
          msg: frame.contentDocument?.getElementById('msg')?.textContent ?? null,
          sandbox: frame.getAttribute('sandbox'),
        };
      });
      expect(effects).toEqual({
        top: null,
        frame: null,
        dom: null,
        msg: 'Nothing ran here.',
        sandbox: 'allow-same-origin',
      });
      expect(log.console.filter((m) => m.text.includes('PWNED'))).toEqual([]);
      expect(log.errors).toEqual([]);
      await page.close();
    }
  });

  it('prints recorded values as text, never as markup', async () => {
    const { page } = await newPage();
    await page.goto('/sessions');
    await page.locator(`a[data-session="${FORGED_ID}"]`).click();
    await waitFor('the forged page', async () => (await frameText(page)).includes('Forged page'));
    await soon.text(page.locator('.facts'), `${HTML_USER} (mallory)`);
    await soon.text(page.getByTestId('event-list'), HTML_VALUE);
    await soon.text(page.getByTestId('event-list'), '<img src=x onerror=alert(1)> “<b>bold?</b>”');
    expect(await page.locator('#evil-user, .event-list img, .event-list b, .facts b').count()).toBe(0);
    expect(await page.evaluate(() => (window as Window & { pwned?: unknown }).pwned ?? null)).toBeNull();
    await page.close();
  });

  it('fits the replay and its controls on a phone', async () => {
    const v = await openViewer(browser, srv.url, PHONE);
    await signIn(v.page, 'agent', PASSWORD, `/sessions/${shopSession}`);
    await waitFor('the shop in the replay', async () => (await frameText(v.page)).includes('Welcome to the test shop'));
    const width = await v.page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
    await screenshot(v.page, 'replay-390');
    // The navigation folds behind Menu on a phone.
    const sessionsLink = v.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sessions' });
    expect(await sessionsLink.isVisible()).toBe(false);
    await v.page.getByRole('button', { name: 'Menu' }).click();
    await sessionsLink.click();
    await v.page.locator('a.session-link').first().waitFor();
    expect(await sessionsLink.isVisible()).toBe(false);
    await screenshot(v.page, 'sessions-390');
    await v.context.close();
  });
});
