import type { Page } from 'playwright-core';

/** Debian's Chromium, never a downloaded browser: the test kit's one launcher. */
export { launchChromium as launchBrowser } from '@loupe/testkit/chromium';

/** Polls `probe` until it answers something truthy; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T> | T, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v as NonNullable<T>;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${String(last)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The recorder's window.loupe, typed for page.evaluate callbacks. */
export interface PageLoupe {
  track(type: string, value?: unknown): void;
  identify(user: unknown): void;
  stop(): void;
  sessionId(): string | undefined;
  stats(): { queuedBatches: number; queuedBytes: number; droppedBatches: number; domRecording: boolean };
}
export type LoupeWindow = Window & { loupe: PageLoupe };

export const sessionIdOf = (page: Page) => waitFor('a session id', () => page.evaluate(() => (window as unknown as LoupeWindow).loupe?.sessionId()));

/** Waits until the page's recorder has nothing left to send. */
export const drained = (page: Page, timeoutMs?: number) =>
  waitFor('the recorder to send everything', () => page.evaluate(() => (window as unknown as LoupeWindow).loupe.stats().queuedBatches === 0), timeoutMs);

/** Uncaught errors and rejections of the page, collected for the "throws nothing" checks. */
export function pageErrors(page: Page): Error[] {
  const errors: Error[] = [];
  page.on('pageerror', (e) => errors.push(e));
  return errors;
}
