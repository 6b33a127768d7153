import type { TestServer } from '@loupe/collector/testing/test-server';

/**
 * A session nobody recorded: a batch posted with the public site key, as anyone can, whose rrweb
 * snapshot holds live script, handlers and javascript: URLs, and whose co-browse data is HTML.
 * A replay must show it as an inert page and the viewer must print the data as text.
 */
export const FORGED_ID = 'forged-session-0001';
export const HTML_VALUE = "<img src=x onerror=\"window.pwned='custom';console.log('PWNED by event')\">";
export const HTML_USER = '<b id="evil-user">Mallory</b>';

const PAYLOAD =
  "try { window.top.pwned = 'forged'; } catch (e) {} window.pwnedInFrame = 1; document.body && document.body.setAttribute('data-pwned', '1'); console.log('PWNED by forged replay');";

/** Builders of rrweb's serialized nodes, numbering them as rrweb's mirror does. */
function nodeBuilders() {
  let nextId = 100;
  return {
    el: (tagName: string, attributes: Record<string, string>, childNodes: object[] = []) => ({
      type: 2,
      tagName,
      attributes,
      childNodes,
      id: nextId++,
    }),
    text: (textContent: string) => ({ type: 3, textContent, id: nextId++ }),
  };
}

export async function postForgedSession(srv: TestServer): Promise<void> {
  const { el, text } = nodeBuilders();
  const t0 = Date.now() - 10_000;
  const body = el('body', {}, [
    el('h1', {}, [text('Forged page')]),
    el('p', { id: 'msg' }, [text('Nothing ran here.')]),
    el('script', {}, [text(PAYLOAD)]),
    el('img', { src: 'x', onerror: PAYLOAD }),
    el('svg', { onload: PAYLOAD }, []),
    el('iframe', { srcdoc: `<script>${PAYLOAD}</script>` }),
    el('a', { id: 'js-link', href: `javascript:${PAYLOAD}` }, [text('a javascript: link')]),
    el('form', { action: `javascript:${PAYLOAD}` }, [
      el('button', { type: 'submit', autofocus: '', onfocus: PAYLOAD }, [text('Go')]),
    ]),
  ]);
  const snapshot = {
    type: 0,
    id: 1,
    childNodes: [
      { type: 1, name: 'html', publicId: '', systemId: '', id: 2 },
      el('html', {}, [
        el('head', {}, [el('meta', { 'http-equiv': 'refresh', content: `0;url=javascript:${PAYLOAD}` })]),
        body,
      ]),
    ],
  };
  const replay = [
    { type: 4, timestamp: t0, data: { href: 'https://shop.example/forged', width: 900, height: 600 } },
    { type: 2, timestamp: t0 + 5, data: { node: snapshot, initialOffset: { left: 0, top: 0 } } },
    // Later, a script and a handler attribute arrive as DOM changes.
    {
      type: 3,
      timestamp: t0 + 1_000,
      data: {
        source: 0,
        texts: [],
        attributes: [{ id: body.id, attributes: { onclick: PAYLOAD } }],
        removes: [],
        adds: [{ parentId: body.id, nextId: null, node: el('script', {}, [text(PAYLOAD)]) }],
      },
    },
    { type: 3, timestamp: t0 + 2_000, data: { source: 2, type: 2, id: body.id, x: 10, y: 10 } },
  ];
  const events = [
    {
      type: 'PAGECHANGE',
      ts: t0 + 1,
      url: 'https://shop.example/forged',
      data: { url: 'https://shop.example/forged', title: '<script>alert(1)</script>' },
    },
    {
      type: 'CUSTOM_EVENT',
      ts: t0 + 1_500,
      url: 'https://shop.example/forged',
      data: { eventType: '<i>evil</i>', value: HTML_VALUE },
    },
    {
      type: 'CLICK',
      ts: t0 + 2_000,
      url: 'https://shop.example/forged',
      data: { target: '<img src=x onerror=alert(1)>', text: '<b>bold?</b>' },
    },
  ];
  const res = await fetch(`${srv.url}/v1/ingest`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Loupe-Key': srv.siteKey },
    body: JSON.stringify({
      v: 1,
      sessionId: FORGED_ID,
      seq: 0,
      isAgent: false,
      user: { id: 'mallory', name: HTML_USER },
      sentAt: t0 + 2_100,
      events,
      replay,
    }),
  });
  if (res.status !== 202) throw new Error(`forged batch refused: ${res.status} ${await res.text()}`);
}
