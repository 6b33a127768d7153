import type { TestServer } from '@loupe/collector/testing/test-server';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { adminApi } from './collector-api.ts';
import { waitFor } from './browser.ts';

/**
 * Sessions recorded by the REAL recorder: a small site on its own origin embeds the collector's
 * /recorder.js with the one script tag sites use, and Playwright acts on it like a visitor.
 */

/** The recorder's window.loupe, as far as these tests use it. */
interface Loupe {
  track(type: string, value?: unknown): void;
  sessionId(): string | undefined;
  stats(): { queuedBatches: number; domRecording: boolean };
}
type LoupeWindow = Window & { loupe?: Loupe };

function recorderTag(srv: TestServer): string {
  // A short flush interval keeps the tests quick; inputs unmasked so the replay shows typed text.
  return `<script src="${srv.url}/recorder.js" data-key="${srv.siteKey}" data-endpoint="${srv.url}" data-flush-interval="400" data-mask-all-inputs="false" data-user-id="u-42" data-user-name="Ada Lovelace" defer></script>`;
}

const SHOP_JS = `
document.getElementById('add-lamp').addEventListener('click', () => { document.getElementById('status').textContent = '1 item in cart'; });
document.getElementById('checkout').addEventListener('submit', (e) => { e.preventDefault(); document.getElementById('result').textContent = 'Thank you!'; });
document.getElementById('finish').addEventListener('click', () => {
  history.pushState({}, '', '/shop/done');
  document.title = 'Order placed';
  document.getElementById('heading').textContent = 'Order placed';
});`;

const shopPage = (srv: TestServer) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test shop</title>${recorderTag(srv)}
<style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem;background:#fffdf7}h1{color:#7a3b00}button{margin:.5rem .5rem .5rem 0;padding:.4rem 1rem}</style></head>
<body><h1 id="heading">Welcome to the test shop</h1>
<p id="status">Cart is empty</p>
<button id="add-lamp" name="add-lamp">Add lamp</button>
<form id="checkout" name="checkout"><label>E-mail <input id="email" name="email" type="email"></label> <button id="pay" type="submit">Pay</button> <output id="result"></output></form>
<button id="finish" name="finish">Finish</button>
<script src="/shop.js"></script>
</body></html>`;

/**
 * A page whose markup would act if a replay ran it: inline and added scripts and an onerror
 * handler that, inside a frame (the viewer's replay), write to the top window, the frame and its DOM.
 */
const PAYLOAD = `if (window !== window.top) { try { window.top.pwned = 'script'; } catch (e) {} window.pwnedInFrame = 1; document.body.dataset.pwned = '1'; console.log('PWNED by script'); }`;
const hostilePage = (srv: TestServer) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Hostile page</title>${recorderTag(srv)}</head>
<body><h1>Hostile page</h1><p id="msg">Nothing ran here.</p>
<script>${PAYLOAD}</script>
<img id="bad-img" src="/missing.png" alt="" onerror="if (window !== window.top) { try { window.top.pwned = 'onerror'; } catch (e) {} window.pwnedInFrame = 2; document.body.dataset.pwned = '2'; console.log('PWNED by onerror'); }">
<button id="add-script" name="add-script">Add script</button>
<script src="/hostile.js"></script>
</body></html>`;

// Adds a script and a handler attribute after recording started, so they travel as DOM mutations too.
const HOSTILE_JS = `document.getElementById('add-script').addEventListener('click', () => {
  const s = document.createElement('script'); s.textContent = ${JSON.stringify(PAYLOAD)}; document.body.append(s);
  const img = document.createElement('img'); img.src = '/missing-too.png'; img.setAttribute('onerror', ${JSON.stringify(PAYLOAD)}); document.body.append(img);
  document.getElementById('msg').setAttribute('onclick', ${JSON.stringify(PAYLOAD)});
});`;

export interface Site {
  url: string;
  close(): Promise<void>;
}

export async function startSite(srv: TestServer): Promise<Site> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const send = (type: string, body: string, status = 200) =>
      res.writeHead(status, { 'Content-Type': type }).end(body);
    if (path === '/shop.js') return send('text/javascript', SHOP_JS);
    if (path === '/hostile.js') return send('text/javascript', HOSTILE_JS);
    if (path === '/shop' || path.startsWith('/shop/')) return send('text/html; charset=utf-8', shopPage(srv));
    if (path === '/hostile') return send('text/html; charset=utf-8', hostilePage(srv));
    send('text/plain', 'not found', 404);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Opens a site page and waits until the recorder records the DOM; answers the page and its session id. */
export async function visit(
  browser: Browser,
  url: string,
): Promise<{ page: Page; sessionId: string; close(): Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 640 } });
  const page = await context.newPage();
  await page.goto(url);
  await waitFor('the recorder to record the DOM', () =>
    page.evaluate(() => (window as LoupeWindow).loupe?.stats().domRecording),
  );
  const sessionId = await waitFor('a session id', () =>
    page.evaluate(() => (window as LoupeWindow).loupe?.sessionId()),
  );
  return { page, sessionId, close: () => context.close() };
}

/** Waits until the recorder has nothing left to send. */
export const drained = (page: Page) =>
  waitFor('the recorder to send everything', () =>
    page.evaluate(() => (window as LoupeWindow).loupe?.stats().queuedBatches === 0),
  );

/** Waits until the collector has the session with at least these event types. */
export async function storedSession(srv: TestServer, sessionId: string, types: string[]): Promise<void> {
  const api = adminApi(srv);
  await waitFor(`session ${sessionId} with ${types.join(', ')}`, async () => {
    const { items } = await api.get<{ items: { type: string }[] }>(`/v1/sessions/${sessionId}/events?limit=10000`);
    const replay = await api.get<{ items: { type: number }[] }>(`/v1/sessions/${sessionId}/replay`);
    return types.every((t) => items.some((e) => e.type === t)) && replay.items.some((e) => e.type === 2);
  });
}

/**
 * A shopper's visit, about seven seconds with a second or more between steps, so each step's
 * effect on the page is apart from the next one's on the timeline.
 */
export async function recordShopVisit(browser: Browser, site: Site, srv: TestServer): Promise<string> {
  const v = await visit(browser, `${site.url}/shop`);
  await pause(1_000);
  await v.page.click('#add-lamp');
  await pause(1_000);
  await v.page.fill('#email', 'ada@example.com');
  await pause(1_300);
  await v.page.click('#pay');
  await pause(1_200);
  await v.page.evaluate(() => (window as LoupeWindow).loupe?.track('coupon', 'SPRING'));
  await pause(1_200);
  await v.page.click('#finish');
  await pause(800);
  await drained(v.page);
  await v.close();
  await storedSession(srv, v.sessionId, ['CLICK', 'INPUT', 'FORM', 'CUSTOM_EVENT', 'PAGECHANGE']);
  return v.sessionId;
}

/** A visit to the hostile page, with scripts and handlers added while recording. */
export async function recordHostileVisit(browser: Browser, site: Site, srv: TestServer): Promise<string> {
  const v = await visit(browser, `${site.url}/hostile`);
  await pause(500);
  await v.page.click('#add-script');
  await pause(700);
  await drained(v.page);
  await v.close();
  await storedSession(srv, v.sessionId, ['CLICK']);
  return v.sessionId;
}
