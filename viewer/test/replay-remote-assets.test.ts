import { startTestServer, type TestServer } from '@loupe/collector/testing/test-server';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openViewer, signIn, soon, waitFor } from './support/browser.ts';
import { adminApi, createPeople, PASSWORD } from './support/collector-api.ts';
import { ensureViewerBuilt, VIEWER_DIST } from './support/viewer-build.ts';

/**
 * Issue 12, finding 14: a forged recording (anyone with the public site key can post one) planted
 * tracking pixels, stylesheets, @imports, fonts and CSS backgrounds in an agent's replay. A replay
 * now fetches only from the viewer and from the tenant's own site origins.
 */
let srv: TestServer;
let browser: Browser;
/** A second loopback address: another origin, as a tracker would be. */
let foreign: { url: string; hits: string[]; server: Server };
/** The tenant's own site, listed in its siteOrigins. */
let own: { url: string; hits: string[]; server: Server };
const SESSION = 'forged-remote-assets-1';

async function countingServer(host: string): Promise<{ url: string; hits: string[]; server: Server }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const css = (req.url ?? '').endsWith('.css');
    res.writeHead(200, { 'Content-Type': css ? 'text/css' : 'image/gif', 'Access-Control-Allow-Origin': '*' });
    // A 1x1 GIF, or a stylesheet that would fetch more.
    res.end(css ? 'body { background: url(/from-css.png) }' : Buffer.from('R0lGODlhAQABAAAAACw=', 'base64'));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { url: `http://${host}:${(server.address() as AddressInfo).port}`, hits, server };
}

/** rrweb's serialized nodes, numbered as its mirror does. */
function nodes() {
  let id = 100;
  return {
    el: (tagName: string, attributes: Record<string, string>, childNodes: object[] = [], isSVG = false) => ({
      type: 2,
      tagName,
      attributes,
      childNodes,
      id: id++,
      ...(isSVG ? { isSVG: true } : {}),
    }),
    text: (textContent: string, isStyle = false) => ({
      type: 3,
      textContent,
      id: id++,
      ...(isStyle ? { isStyle: true } : {}),
    }),
  };
}

/** Every way the issue found (and a few more) for a recorded page to fetch from somewhere else. */
async function postForgedRemoteSession(): Promise<void> {
  const { el, text } = nodes();
  const F = foreign.url;
  const css = `@import url("${F}/import.css"); body { background: url("${F}/bg.png"); }
    @font-face { font-family: tracked; src: url("${F}/font.woff2"); } h1 { font-family: tracked; }
    p { cursor: url("${F}/cursor.png"), auto; } ul { list-style-image: url("${F}/list.png"); }`;
  const head = el('head', {}, [
    el('link', { rel: 'stylesheet', href: `${F}/sheet.css` }),
    el('link', { rel: 'icon', href: `${F}/icon.png` }),
    el('link', { rel: 'preload', as: 'image', href: `${F}/preload.png` }),
    el('link', { rel: 'prefetch', href: `${F}/prefetch.png` }),
    el('style', {}, [text(css, true)]),
  ]);
  const body = el('body', {}, [
    el('h1', {}, [text('Remote assets page')]),
    el('img', { src: `${F}/pixel.png`, alt: '' }),
    el('img', { srcset: `${F}/srcset.png 1x`, alt: '' }),
    el('div', { style: `background-image: url("${F}/inline-style.png"); width: 10px; height: 10px` }),
    el('video', { poster: `${F}/poster.png`, src: `${F}/video.mp4` }),
    el('audio', { src: `${F}/audio.mp3`, preload: 'auto' }),
    el('input', { type: 'image', src: `${F}/input.png`, alt: '' }),
    el('object', { data: `${F}/object.png` }),
    el('embed', { src: `${F}/embed.png` }),
    el('iframe', { src: `${F}/frame.html` }),
    el(
      'svg',
      { width: '10', height: '10' },
      [el('image', { href: `${F}/svg-image.png`, width: '10', height: '10' }, [], true)],
      true,
    ),
    el('picture', {}, [el('source', { srcset: `${F}/picture.png` }), el('img', { alt: '' })]),
    el('p', {}, [text('a paragraph')]),
    el('ul', {}, [el('li', {}, [text('an item')])]),
    // rrweb draws a canvas's recorded picture from its rr_dataURL, and swaps an image's for it: any URL will do.
    el('canvas', { width: '10', height: '10', rr_dataURL: `${F}/canvas.png` }),
    el('img', { src: `${own.url}/plain.png`, rr_dataURL: `${F}/img-data-url.png`, alt: '' }),
    // The control: the tenant's own site may serve its images.
    el('img', { src: `${own.url}/own.png`, alt: '' }),
  ]);
  const snapshot = {
    type: 0,
    id: 1,
    childNodes: [{ type: 1, name: 'html', publicId: '', systemId: '', id: 2 }, el('html', {}, [head, body])],
  };
  const t0 = Date.now() - 10_000;
  const replay = [
    { type: 4, timestamp: t0, data: { href: `${own.url}/shop`, width: 900, height: 600 } },
    { type: 2, timestamp: t0 + 5, data: { node: snapshot, initialOffset: { left: 0, top: 0 } } },
    // A pixel that arrives later, as a DOM change.
    {
      type: 3,
      timestamp: t0 + 500,
      data: {
        source: 0,
        texts: [],
        attributes: [],
        removes: [],
        adds: [{ parentId: body.id, nextId: null, node: el('img', { src: `${F}/later.png` }) }],
      },
    },
    { type: 3, timestamp: t0 + 1_000, data: { source: 2, type: 2, id: body.id, x: 5, y: 5 } },
  ];
  const events = [{ type: 'PAGECHANGE', ts: t0 + 1, url: `${own.url}/shop`, data: { url: `${own.url}/shop` } }];
  const res = await fetch(`${srv.url}/v1/ingest`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Loupe-Key': srv.siteKey },
    body: JSON.stringify({ v: 1, sessionId: SESSION, seq: 0, isAgent: false, sentAt: t0 + 1_100, events, replay }),
  });
  if (res.status !== 202) throw new Error(`forged batch refused: ${res.status} ${await res.text()}`);
}

beforeAll(async () => {
  await ensureViewerBuilt();
  [srv, foreign, own] = await Promise.all([
    startTestServer({}, undefined, { viewerDir: VIEWER_DIST }),
    countingServer('127.0.0.2'),
    countingServer('127.0.0.1'),
  ]);
  await createPeople(srv);
  await postForgedRemoteSession();
  await adminApi(srv).put('/v1/settings', { siteOrigins: [own.url] });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  for (const s of [foreign, own]) await new Promise((r) => s?.server.close(r));
  await srv?.close();
});

describe('a replay of a forged recording', () => {
  it("fetches nothing from a foreign origin, only from the tenant's own site", async () => {
    const { context, page } = await openViewer(browser, srv.url);
    await signIn(page, 'agent', PASSWORD, `/sessions/${SESSION}`);
    const frameText = () =>
      page.evaluate(
        () =>
          document.querySelector<HTMLIFrameElement>('.replay-stage iframe')?.contentDocument?.body?.textContent ?? '',
      );
    await waitFor('the forged page in the replay', async () => (await frameText()).includes('Remote assets page'));
    await soon.enabled(page.getByTestId('play'));
    await page.getByTestId('play').click();
    await soon.exactText(page.getByTestId('play'), 'Replay', 15_000);
    // The later pixel is on the stage, so it had its chance to load.
    const later = await page.evaluate(() => {
      const doc = document.querySelector<HTMLIFrameElement>('.replay-stage iframe')?.contentDocument;
      return doc?.querySelector('img[src$="/later.png"]') !== null;
    });
    expect(later).toBe(true);
    await waitFor('the own site image', () => own.hits.includes('/own.png'));
    await page.waitForTimeout(1_000);
    expect(foreign.hits).toEqual([]);
    await context.close();
  });
});
