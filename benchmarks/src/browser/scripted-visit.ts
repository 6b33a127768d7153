import type { Page } from 'playwright-core';
import { sleep } from '../util/deadline.ts';

/**
 * Installed before any page script: clicks on links do not navigate, so every recorder sees the
 * same clicks on the same page. It only calls preventDefault, so recorders' listeners still fire.
 */
export const STAY_ON_PAGE = `addEventListener('click', (e) => { if (e.target instanceof Element && e.target.closest('a')) e.preventDefault(); }, true);`;

/**
 * The same visit for every recorder: a scroll through the page, a burst of DOM mutations, typing
 * into the search box and a few clicks. Fixed counts and pauses, so each run does the same work.
 */
export async function scriptedVisit(page: Page): Promise<void> {
  // Scroll: 12 wheel steps down, then back up in 4.
  await page.mouse.move(400, 300);
  for (let i = 0; i < 12; i++) {
    await page.mouse.wheel(0, 600);
    await sleep(60);
  }
  for (let i = 0; i < 4; i++) {
    await page.mouse.wheel(0, -1800);
    await sleep(60);
  }
  // A burst of mutations in one task (what a single-page app's re-render does), then its undoing.
  await page.evaluate(() => {
    const box = document.createElement('div');
    box.id = 'bench-burst';
    for (let i = 0; i < 1000; i++) {
      const p = document.createElement('p');
      p.className = 'bench-row';
      p.textContent = `Inserted row ${i} with a little text to record`;
      box.append(p);
    }
    document.body.prepend(box);
    const items = document.querySelectorAll('dt, li, td, p');
    for (let i = 0; i < Math.min(items.length, 2000); i++) items[i]!.classList.add('bench-touched');
  });
  await sleep(300);
  await page.evaluate(() => {
    document.getElementById('bench-burst')?.remove();
    for (const el of document.querySelectorAll('.bench-touched')) el.classList.remove('bench-touched');
  });
  // Typing into the search box.
  // The first visible one: the docs have a second, hidden, search box for narrow screens.
  const search = page.locator('input[name="q"]:visible').first();
  await search.click({ timeout: 5_000 });
  await search.pressSequentially('loupe benchmark', { delay: 40, timeout: 5_000 });
  // Clicks on headings and entries (links do not navigate: see STAY_ON_PAGE).
  const targets = page.locator('h1:visible, h2:visible, dt:visible');
  const n = Math.min(await targets.count(), 15);
  for (let i = 0; i < n; i += 3) {
    // Bounded: a target that cannot be clicked is skipped, not waited for.
    await targets
      .nth(i)
      .click({ timeout: 1_000 })
      .catch(() => undefined);
    await sleep(100);
  }
  // A text selection, as a reader copying a passage does.
  await page.evaluate(() => {
    const p = document.querySelector('p');
    if (p) getSelection()?.selectAllChildren(p);
  });
  await sleep(200);
}
