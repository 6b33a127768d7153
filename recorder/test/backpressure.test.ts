import { recorderRig } from './helpers/rig.ts';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { drained, pageErrors, sessionIdOf, waitFor, type LoupeWindow } from './helpers/browser.ts';
import { upTo } from './helpers/collector.ts';
import type { Fault } from './helpers/fault-proxy.ts';
import { liveShape, replayedShape } from './helpers/replay-dom.ts';

const rig = recorderRig({ flushIntervalMs: 1000, proxy: true });

type PageWindow = LoupeWindow & { freeze(): void; grow(n: number): void };
const stats = (page: Page) => page.evaluate(() => (window as unknown as LoupeWindow).loupe.stats());
const custom = async (sessionId: string, prefix: string) =>
  (await rig.read.events(sessionId))
    .filter((e) => e.type === 'CUSTOM_EVENT' && String(e.data.eventType).startsWith(prefix))
    .map((e) => `${e.data.eventType}: ${e.data.value}`);

/**
 * The collector of the issue: the first batch is answered after 12 s, then every request is
 * refused with 503 for 60 s. Answers when the outage is over.
 */
function slowThenRefusing(): { over: Promise<void> } {
  let end = 0;
  let over!: () => void;
  const done = new Promise<void>((r) => (over = r));
  rig.proxy.fault = (): Fault => {
    if (!end) {
      end = Date.now() + 12_000 + 60_000;
      setTimeout(over, 72_000);
      return { delayMs: 12_000 };
    }
    return Date.now() < end ? 503 : 'pass';
  };
  return { over: done };
}

/** The batches the collector accepted for a session, in the order it accepted them. */
const accepted = (sessionId: string) =>
  rig.proxy.seen.filter((s) => s.sessionId === sessionId && s.fault !== 503).map((s) => s.seq);

/** After the outage: the page stops changing, the recorder sends the rest; then its final DOM and the replay's. */
async function finish(page: Page, sessionId: string) {
  await page.evaluate(() => dispatchEvent(new Event('online'))); // or wait for the backoff, up to a minute
  await drained(page, 60_000);
  await page.evaluate(() => (window as unknown as PageWindow).freeze());
  await page.waitForTimeout(300); // rrweb's mutation callback for the last changes
  const live = await liveShape(page);
  await page.evaluate(() => (window as unknown as LoupeWindow).loupe.stop());
  await drained(page, 30_000);
  const dropped = (await stats(page)).droppedBatches;
  const seqs = await rig.read.seqs(sessionId);
  return { live, replayed: await replayedShape(rig.browser, await rig.read.replay(sessionId)), dropped, seqs };
}

describe('backpressure without loss', () => {
  it('gets every batch to a collector slow to answer the first and then refusing for a minute, in order, and the replay rebuilds the page', async () => {
    const { over } = slowThenRefusing();
    const page = await rig.browser.newPage();
    const errors = pageErrors(page);
    await page.goto(`${rig.pages.url}/pages/changing.html`);
    const sessionId = await sessionIdOf(page);
    await over; // the page kept changing all along
    expect((await stats(page)).queuedBatches).toBeGreaterThan(20);
    const { live, replayed, dropped, seqs } = await finish(page, sessionId);
    expect(dropped).toBe(0);
    expect(seqs).toEqual(upTo(seqs.length));
    expect(seqs.length).toBeGreaterThan(20);
    expect(accepted(sessionId)).toEqual(seqs); // each accepted once, in order
    expect(await custom(sessionId, 'loupe:')).toEqual([]); // nothing dropped, paused or failed
    expect(replayed).toEqual(live);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('loses nothing when the tab is reloaded in the middle of the outage: the batches wait in IndexedDB', async () => {
    const { over } = slowThenRefusing();
    const page = await rig.browser.newPage();
    await page.goto(`${rig.pages.url}/pages/changing.html`);
    const sessionId = await sessionIdOf(page);
    await page.waitForTimeout(40_000); // 12 s slow, then 28 s into the refusals
    const before = (await stats(page)).queuedBatches;
    expect(before).toBeGreaterThan(10);
    await page.reload();
    expect(await sessionIdOf(page)).toBe(sessionId);
    await waitFor(
      'the earlier page’s batches back in the queue',
      async () => (await stats(page)).queuedBatches >= before,
      10_000,
    );
    await over;
    const { live, replayed, dropped, seqs } = await finish(page, sessionId);
    expect(dropped).toBe(0);
    expect(seqs).toEqual(upTo(seqs.length));
    expect(accepted(sessionId)).toEqual(seqs);
    expect(await custom(sessionId, 'loupe:')).toEqual([]);
    expect(replayed).toEqual(live); // the reloaded page's final DOM
    await page.close();
  }, 180_000);

  it('pauses DOM recording on purpose when the queue reaches its cap, says so in the session, and resumes with a full snapshot', async () => {
    rig.proxy.fault = () => 503;
    const page = await rig.browser.newPage();
    const errors = pageErrors(page);
    const cap = 20_000;
    await page.goto(`${rig.pages.url}/pages/changing.html?data-max-queue-bytes=${cap}`);
    const sessionId = await sessionIdOf(page);
    await waitFor('DOM recording', async () => (await stats(page)).domRecording);
    await waitFor(
      'DOM recording to pause',
      async () => {
        await page.evaluate(
          () =>
            (window as unknown as PageWindow).grow?.(1) ??
            document
              .getElementById('list')!
              .insertAdjacentHTML('beforeend', `<li>${Math.random().toString(36).repeat(40)}</li>`),
        );
        return !(await stats(page)).domRecording;
      },
      60_000,
    );
    const s = await stats(page);
    expect(s.queuedBytes).toBeGreaterThanOrEqual(cap);
    expect(s.queuedBytes).toBeLessThanOrEqual(2 * cap + 20_000);
    await page.waitForTimeout(3_000); // the page goes on changing, unrecorded
    rig.proxy.fault = () => 'pass';
    await page.evaluate(() => dispatchEvent(new Event('online')));
    await waitFor('DOM recording to resume', async () => (await stats(page)).domRecording, 30_000);
    const { live, replayed, dropped, seqs } = await finish(page, sessionId);
    expect(dropped).toBe(0);
    expect(seqs).toEqual(upTo(seqs.length));
    const said = await custom(sessionId, 'loupe:');
    expect(said.map((m) => m.split(':').slice(0, 2).join(':'))).toEqual(['loupe:dom-paused', 'loupe:dom-resumed']);
    expect(said[1]).toMatch(/DOM changes of \d+ s were not recorded/);
    const events = await rig.read.replay(sessionId);
    expect(events.filter((e) => e.type === 2).length).toBeGreaterThanOrEqual(2); // a new full snapshot after the gap
    expect(events.some((e) => e.type === 5 && JSON.stringify(e.data).includes('uplink'))).toBe(true); // a marker in the replay
    expect(replayed).toEqual(live);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);
});
