import { recorderRig } from './helpers/rig.ts';
import { describe, expect, it } from 'vitest';
import { drained, sessionIdOf, waitFor, type LoupeWindow } from './helpers/browser.ts';
import { upTo } from './helpers/collector.ts';

/**
 * The collector binds a session to the secret its first 202 handed the recorder, and refuses
 * later batches without it (403 SESSION_NOT_YOURS). A page that lost the secret (localStorage
 * cleared while sessionStorage kept the session) must not stop recording, as it would for a key
 * the collector refuses: it goes on in a session of its own, and says what was dropped.
 */
const rig = recorderRig({ flushIntervalMs: 300 });

describe('a session whose secret is lost', () => {
  it('goes on in a new session, with a fresh full snapshot and a loupe:dropped event', async () => {
    const page = await rig.browser.newPage();
    await page.goto(`${rig.pages.url}/pages/plain.html`);
    const first = await sessionIdOf(page);
    await page.evaluate(() => (window as unknown as LoupeWindow).loupe.track('before', 0));
    await drained(page);
    await waitFor('the first batches stored', async () => (await rig.read.seqs(first)).length > 0);

    // The secret lives in memory and localStorage; the session id in sessionStorage.
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    expect(await sessionIdOf(page)).toBe(first); // continued, but no longer provably ours
    // Longer than waitFor's default: the refused batch must first reach the collector, and on a
    // machine starved of CPU (CI beside other work) the reloaded page's first sends back off.
    const second = await waitFor(
      'a new session',
      () =>
        page.evaluate((old) => {
          const id = (window as unknown as LoupeWindow).loupe.sessionId();
          return id !== old && id;
        }, first),
      40_000,
    );
    expect(second).toBeTruthy();
    for (let i = 0; i < 3; i++) {
      await page.evaluate((n) => (window as unknown as LoupeWindow).loupe.track('after', n), i);
      await page.waitForTimeout(350);
    }
    await page.evaluate(() => (window as unknown as { grow(n: number): void }).grow(3));
    await drained(page);
    expect(await page.evaluate(() => (window as unknown as LoupeWindow).loupe.stats().droppedBatches)).toBeGreaterThan(
      0,
    );
    await page.evaluate(() => (window as unknown as LoupeWindow).loupe.stop());
    await drained(page);

    const events = await rig.read.events(second as string);
    const custom = (type: string) =>
      events.filter((e) => e.type === 'CUSTOM_EVENT' && e.data.eventType === type).map((e) => e.data.value);
    expect(custom('after')).toEqual(upTo(3));
    expect(custom('loupe:dropped').length).toBeGreaterThan(0);
    expect(events.some((e) => e.type === 'PAGECHANGE')).toBe(true);
    const replay = await rig.read.replay(second as string);
    expect(replay.filter((e) => e.type === 2)).toHaveLength(1); // the new session can be replayed
    // The first session keeps what it had before the secret was lost, and nothing of the page after it.
    const before = await rig.read.events(first);
    expect(before.filter((e) => e.type === 'CUSTOM_EVENT' && e.data.eventType === 'after')).toEqual([]);
    await page.close();
  });
});
