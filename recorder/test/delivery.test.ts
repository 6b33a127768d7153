import { recorderRig } from './helpers/rig.ts';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { drained, pageErrors, sessionIdOf, storedBatches, waitFor, type LoupeWindow } from './helpers/browser.ts';
import { upTo } from './helpers/collector.ts';

const rig = recorderRig({ flushIntervalMs: 300, proxy: true });
beforeEach(() => {
  rig.proxy.fault = () => 'pass';
});

const track = (page: Page, type: string, value: number) =>
  page.evaluate(([t, v]) => (window as unknown as LoupeWindow).loupe.track(t, v), [type, value] as const);
const stats = (page: Page) => page.evaluate(() => (window as unknown as LoupeWindow).loupe.stats());
const stop = (page: Page) => page.evaluate(() => (window as unknown as LoupeWindow).loupe.stop());
const tracked = async (sessionId: string, type: string) =>
  (await rig.read.events(sessionId))
    .filter((e) => e.type === 'CUSTOM_EVENT' && e.data.eventType === type)
    .map((e) => e.data.value);

/** Tracks `n` numbered events, a flush interval apart, so they land in several batches. */
async function trackSeveral(page: Page, type: string, n: number, from = 0) {
  for (let i = from; i < from + n; i++) {
    await track(page, type, i);
    await page.waitForTimeout(350);
  }
}

describe('session identity', () => {
  it('keeps the session id over a reload and continues its sequence numbers', async () => {
    const page = await rig.browser.newPage();
    await page.goto(`${rig.pages.url}/pages/plain.html`);
    const sessionId = await sessionIdOf(page);
    await trackSeveral(page, 'step', 3);
    await page.reload();
    expect(await sessionIdOf(page)).toBe(sessionId);
    await trackSeveral(page, 'step', 3, 3);
    await page.click('#next'); // a navigation within the site continues it too
    expect(await sessionIdOf(page)).toBe(sessionId);
    await track(page, 'step', 6);
    await stop(page);
    await drained(page);
    expect(await tracked(sessionId, 'step')).toEqual(upTo(7));
    const seqs = await rig.read.seqs(sessionId);
    expect(seqs).toEqual(upTo(seqs.length));
    await page.close();
  });

  it('starts a new session after the idle timeout, opening with the page it is on', async () => {
    const page = await rig.browser.newPage();
    await page.goto(`${rig.pages.url}/pages/plain.html?data-session-idle=1000`);
    const first = await sessionIdOf(page);
    await page.waitForTimeout(1_500);
    await page.click('#go');
    const second = await sessionIdOf(page);
    expect(second).not.toBe(first);
    await stop(page);
    await drained(page);
    expect((await rig.read.events(second)).map((e) => e.type)).toEqual(['PAGECHANGE', 'CLICK']);
    await page.close();
  });

  it('gives a duplicated tab a session of its own', async () => {
    const context = await rig.browser.newContext();
    const original = await context.newPage();
    await original.goto(`${rig.pages.url}/pages/plain.html`);
    const sessionId = await sessionIdOf(original);
    // "Duplicate tab" copies sessionStorage into the new tab.
    const copied = await original.evaluate(() => JSON.stringify(Object.entries(sessionStorage)));
    const duplicate = await context.newPage();
    await duplicate.addInitScript((entries: string) => {
      for (const [k, v] of JSON.parse(entries) as [string, string][]) sessionStorage.setItem(k, v);
    }, copied);
    await duplicate.goto(`${rig.pages.url}/pages/plain.html`);
    expect(await sessionIdOf(duplicate)).not.toBe(sessionId);
    expect(await sessionIdOf(original)).toBe(sessionId);
    await context.close();
  });
});

describe('delivery', () => {
  it('gets every batch to a collector that answered 503 for a while, each exactly once', async () => {
    rig.proxy.fault = () => 503;
    const page = await rig.browser.newPage();
    await page.goto(`${rig.pages.url}/pages/plain.html`);
    const sessionId = await sessionIdOf(page);
    await trackSeveral(page, 'during-outage', 6);
    expect(rig.proxy.seen.filter((s) => s.sessionId === sessionId && s.fault === 503).length).toBeGreaterThanOrEqual(2);
    expect((await stats(page)).queuedBatches).toBeGreaterThanOrEqual(3);
    rig.proxy.fault = () => 'pass';
    await drained(page, 30_000);
    await stop(page);
    await drained(page);
    expect(await tracked(sessionId, 'during-outage')).toEqual(upTo(6));
    const seqs = await rig.read.seqs(sessionId);
    expect(seqs).toEqual(upTo(seqs.length));
    await page.close();
  });

  it('honours Retry-After and backs off instead of hammering a failing collector', async () => {
    rig.proxy.fault = () => 503; // with Retry-After: 1
    const page = await rig.browser.newPage();
    await page.goto(`${rig.pages.url}/pages/plain.html`);
    const sessionId = await sessionIdOf(page);
    await track(page, 'x', 1);
    await page.waitForTimeout(4_000);
    const tries = rig.proxy.seen.filter((s) => s.sessionId === sessionId).map((s) => s.at);
    expect(tries.length).toBeGreaterThanOrEqual(2);
    expect(tries.length).toBeLessThanOrEqual(4);
    for (let i = 1; i < tries.length; i++) expect(tries[i]! - tries[i - 1]!).toBeGreaterThanOrEqual(950);
    await page.close();
  });

  it('does not retry a batch the collector refused with 400', async () => {
    let refused: number | undefined;
    rig.proxy.fault = (b) => {
      if (refused === undefined && b.seq >= 1) refused = b.seq;
      return b.seq === refused ? 400 : 'pass';
    };
    const page = await rig.browser.newPage();
    await page.goto(`${rig.pages.url}/pages/plain.html`);
    const sessionId = await sessionIdOf(page);
    await trackSeveral(page, 'y', 4);
    await stop(page);
    await drained(page);
    await page.waitForTimeout(1_500);
    expect(rig.proxy.seen.filter((s) => s.sessionId === sessionId && s.seq === refused)).toHaveLength(1);
    const seqs = await rig.read.seqs(sessionId);
    expect(seqs).not.toContain(refused);
    expect(seqs.length).toBeGreaterThan(2);
    await page.close();
  });

  it('keeps batches in IndexedDB while the collector is unreachable and sends them from the next page', async () => {
    rig.proxy.fault = () => 'drop';
    const page = await rig.browser.newPage();
    await page.goto(`${rig.pages.url}/pages/plain.html`);
    const sessionId = await sessionIdOf(page);
    await trackSeveral(page, 'offline', 3);
    await page.click('#next'); // leave while nothing got through
    expect(await sessionIdOf(page)).toBe(sessionId);
    await track(page, 'offline', 3);
    await page.waitForTimeout(600);
    expect((await storedBatches(page)).filter(([sid]) => sid === sessionId).length).toBeGreaterThan(0);
    rig.proxy.fault = () => 'pass';
    await page.evaluate(() => dispatchEvent(new Event('online')));
    await drained(page, 30_000);
    expect(await tracked(sessionId, 'offline')).toEqual(upTo(4));
    const seqs = await rig.read.seqs(sessionId);
    expect(seqs).toEqual(upTo(seqs.length));
    expect(await storedBatches(page)).toEqual([]);
    await page.close();
  });

  it('hands a batch still in flight to sendBeacon when the page goes away', async () => {
    const page = await rig.browser.newPage();
    // The page's own requests to the collector hang, as on a stalled connection: only the beacon
    // sent on pagehide can carry the batch out.
    await page.addInitScript(() => {
      const real = window.fetch;
      window.fetch = (input, init) =>
        String(input).includes('/v1/ingest') ? new Promise<Response>(() => {}) : real(input, init);
    });
    await page.goto(`${rig.pages.url}/pages/plain.html?data-flush-interval=60000`);
    const sessionId = await sessionIdOf(page);
    await track(page, 'last-words', 1);
    await page.goto('about:blank');
    await waitFor('the beacon', async () => (await tracked(sessionId, 'last-words')).length > 0);
    expect(await tracked(sessionId, 'last-words')).toEqual([1]);
    await page.close();
  });

  it('sends the batches a closed tab could not, from the next tab of the site', async () => {
    rig.proxy.fault = () => 'drop';
    const context = await rig.browser.newContext();
    const closed = await context.newPage();
    await closed.goto(`${rig.pages.url}/pages/plain.html`);
    const sessionId = await sessionIdOf(closed);
    await trackSeveral(closed, 'from-closed-tab', 3);
    await closed.close({ runBeforeUnload: true }); // its last beacons fail too
    await new Promise((r) => setTimeout(r, 500));
    const next = await context.newPage();
    await next.goto(`${rig.pages.url}/pages/plain.html`);
    expect(await sessionIdOf(next)).not.toBe(sessionId);
    const left = (await storedBatches(next)).filter(([sid]) => sid === sessionId).length;
    expect(left).toBeGreaterThanOrEqual(3);
    rig.proxy.fault = () => 'pass';
    await next.evaluate(() => dispatchEvent(new Event('online')));
    await drained(next, 30_000);
    expect(await tracked(sessionId, 'from-closed-tab')).toEqual(upTo(3));
    await context.close();
  });

  it('records even where Web Storage throws', async () => {
    const page = await rig.browser.newPage();
    await page.addInitScript(() => {
      for (const m of ['getItem', 'setItem', 'removeItem', 'key'] as const) {
        Storage.prototype[m] = () => {
          throw new DOMException('storage is disabled', 'SecurityError');
        };
      }
    });
    const errors = pageErrors(page);
    await page.goto(`${rig.pages.url}/pages/plain.html`);
    const sessionId = await sessionIdOf(page);
    await page.click('#go');
    await stop(page);
    await drained(page);
    expect((await rig.read.events(sessionId)).map((e) => e.type)).toEqual(['PAGECHANGE', 'CLICK']);
    expect(errors).toEqual([]);
    await page.close();
  });
});
