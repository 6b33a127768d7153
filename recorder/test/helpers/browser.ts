import { waitFor } from '@loupe/testkit/wait-for';
import type { Page } from 'playwright-core';

/** Debian's Chromium, never a downloaded browser: the test kit's one launcher. */
export { launchChromium as launchBrowser } from '@loupe/testkit/chromium';

/** Polls until truthy; shared with the viewer's tests through the test kit. */
export { waitFor };

/** The recorder's window.loupe, typed for page.evaluate callbacks. */
export interface PageLoupe {
  track(type: string, value?: unknown): void;
  identify(user: unknown): void;
  stop(): void;
  sessionId(): string | undefined;
  stats(): { queuedBatches: number; queuedBytes: number; droppedBatches: number; domRecording: boolean };
}
export type LoupeWindow = Window & { loupe: PageLoupe };

export const sessionIdOf = (page: Page) =>
  waitFor('a session id', () => page.evaluate(() => (window as unknown as LoupeWindow).loupe?.sessionId()));

/** Waits until the page's recorder has nothing left to send. */
export const drained = (page: Page, timeoutMs?: number) =>
  waitFor(
    'the recorder to send everything',
    () => page.evaluate(() => (window as unknown as LoupeWindow).loupe.stats().queuedBatches === 0),
    timeoutMs,
  );

/** Uncaught errors and rejections of the page, collected for the "throws nothing" checks. */
export function pageErrors(page: Page): Error[] {
  const errors: Error[] = [];
  page.on('pageerror', (e) => errors.push(e));
  return errors;
}

/** The batches waiting in the recorder's IndexedDB outbox(es) of the page's origin, as [sessionId, seq]. */
export const storedBatches = (page: Page) =>
  page.evaluate(async () => {
    const found: [string, number][] = [];
    for (const { name } of await indexedDB.databases()) {
      if (!name?.endsWith('outbox')) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open(name);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const all = await new Promise<{ s: string; q: number }[]>((resolve, reject) => {
        const r = db.transaction('s').objectStore('s').getAll();
        r.onsuccess = () => resolve(r.result as { s: string; q: number }[]);
        r.onerror = () => reject(r.error);
      });
      db.close();
      found.push(...all.map((v) => [v.s, v.q] as [string, number]));
    }
    return found;
  });
