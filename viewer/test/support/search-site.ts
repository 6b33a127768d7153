import type { TestServer } from '@loupe/collector/testing/test-server';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { drained, storedSession, type Site } from './record-session.ts';
import { waitFor } from './browser.ts';

/**
 * A store whose pages the real recorder records as a named customer (`?id=&name=`): the checkout's
 * "Pay now" does nothing at all (what makes people rage-click), the cart's buttons answer at once.
 */
const tag = (srv: TestServer, id: string, name: string) =>
  `<script src="${srv.url}/recorder.js" data-key="${srv.siteKey}" data-endpoint="${srv.url}" data-flush-interval="400" data-user-id="${id}" data-user-name="${name}" defer></script>`;

const STYLE =
  '<style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem;background:#f7fbff}button{margin:.5rem .5rem .5rem 0;padding:.5rem 1rem}</style>';

const checkout = (srv: TestServer, id: string, name: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Checkout</title>${tag(srv, id, name)}${STYLE}</head>
<body><h1>Checkout</h1><p>Total: 42.50 €</p><button id="pay-now">Pay now</button></body></html>`;

const cart = (srv: TestServer, id: string, name: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Cart</title>${tag(srv, id, name)}${STYLE}</head>
<body><h1>Your cart</h1><p id="status">Cart is empty</p>
<button id="add" onclick="document.getElementById('status').textContent = '1 lamp in your basket'">Add to basket</button>
<button id="coupon" onclick="document.getElementById('status').textContent = 'Coupon SPRING applied'">Apply coupon</button>
</body></html>`;

export async function startStore(srv: TestServer): Promise<Site> {
  const server: Server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const id = (u.searchParams.get('id') ?? '').replace(/[^\w-]/g, '');
    const name = (u.searchParams.get('name') ?? '').replace(/[^\w ]/g, '');
    const page = u.pathname === '/store/checkout' ? checkout : u.pathname === '/store/cart' ? cart : null;
    if (!page) return res.writeHead(404).end('not found');
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page(srv, id, name));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Visitor = { id: string; name: string };

/**
 * A customer's visit to one store page, clicking the named buttons with the pauses between
 * (ms before each click), then staying 2.5 s and moving the mouse, so the recording goes on
 * past every click's window. Answers the session id, once the collector holds it.
 */
export async function recordVisit(
  browser: Browser,
  store: Site,
  srv: TestServer,
  path: string,
  who: Visitor,
  clicks: readonly [selector: string, pauseMs: number][],
): Promise<string> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 640 } });
  const page = await context.newPage();
  await page.goto(`${store.url}${path}?${new URLSearchParams(who)}`);
  type W = Window & { loupe?: { stats(): { domRecording: boolean }; sessionId(): string | undefined } };
  await waitFor('the recorder to record the DOM', () => page.evaluate(() => (window as W).loupe?.stats().domRecording));
  const sessionId = await waitFor('a session id', () => page.evaluate(() => (window as W).loupe?.sessionId()));
  await pause(600);
  for (const [selector, ms] of clicks) {
    await pause(ms);
    await page.click(selector);
  }
  await pause(2_500);
  await page.mouse.move(20, 20);
  await page.mouse.move(60, 80);
  await pause(600);
  await drained(page);
  await context.close();
  await storedSession(srv, sessionId, ['CLICK']);
  return sessionId;
}
