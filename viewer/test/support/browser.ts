import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor as waitUntil } from '@loupe/testkit/wait-for';
import { launchChromium } from '@loupe/testkit/chromium';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { VIEWER_ROOT } from './viewer-build.ts';

/** The test kit's launcher: Debian's Chromium with this machine's flags, one definition for every browser test. */
export const launchBrowser = launchChromium;

export const DESKTOP = { width: 1280, height: 860 };
export const PHONE = { width: 390, height: 844 };

/** What a page said on its console and what it threw: the security checks read both. */
export interface PageLog {
  console: { type: string; text: string }[];
  errors: Error[];
}

export interface ViewerPage {
  context: BrowserContext;
  page: Page;
  log: PageLog;
}

/** A fresh context (own cookies) on the viewer, logging the console and uncaught errors. */
export async function openViewer(
  browser: Browser,
  baseURL: string,
  viewport = DESKTOP,
  timezoneId?: string,
): Promise<ViewerPage> {
  const context = await browser.newContext({
    baseURL,
    viewport,
    acceptDownloads: true,
    ...(timezoneId ? { timezoneId } : {}),
  });
  const page = await context.newPage();
  const log: PageLog = { console: [], errors: [] };
  page.on('console', (m) => log.console.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => log.errors.push(e));
  return { context, page, log };
}

export async function signIn(page: Page, username: string, password: string, path = '/'): Promise<void> {
  await page.goto(path);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('who').waitFor();
}

const SHOTS = join(VIEWER_ROOT, 'test', 'screenshots');

/** Saves a full-page screenshot to viewer/test/screenshots/<name>.png (git-ignored) for people to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** Polls until `probe` answers something truthy; viewer pages get a little longer than the recorder's default. */
export const waitFor = <T>(what: string, probe: () => Promise<T> | T, timeoutMs = 20_000) =>
  waitUntil(what, probe, timeoutMs);

const matches = (actual: string | null, want: string | RegExp, exact: boolean) =>
  actual !== null &&
  (typeof want === 'string' ? (exact ? actual.trim() === want : actual.includes(want)) : want.test(actual));

/** Assertions that wait for the page to get there, as a person would (playwright-core has no expect). */
export const soon = {
  url: (page: Page, want: RegExp, timeoutMs?: number) =>
    waitFor(`the URL to match ${want} (is ${page.url()})`, () => want.test(page.url()), timeoutMs),
  text: (l: Locator, want: string | RegExp, timeoutMs?: number) =>
    waitFor(`${l} to contain ${want}`, async () => matches(await l.textContent(), want, false), timeoutMs),
  exactText: (l: Locator, want: string, timeoutMs?: number) =>
    waitFor(`${l} to read ${want}`, async () => matches(await l.textContent(), want, true), timeoutMs),
  attribute: (l: Locator, name: string, want: string | RegExp, timeoutMs?: number) =>
    waitFor(`${l} to have ${name}=${want}`, async () => matches(await l.getAttribute(name), want, true), timeoutMs),
  enabled: (l: Locator, timeoutMs?: number) => waitFor(`${l} to be enabled`, () => l.isEnabled(), timeoutMs),
};
