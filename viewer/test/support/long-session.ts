import type { TestServer } from '@loupe/collector/testing/test-server';

/**
 * A twenty-minute session sent as the recorder sends one: a batch every 30 s, a full snapshot
 * (with its Meta) every five minutes like the recorder's checkouts, and in between a text change
 * a minute that says which minute it is. Long enough that a replay must not fetch it all to start.
 */
export const LONG_ID = 'long-session-0001';
export const MINUTE = 60_000;
const LENGTH_MIN = 20;
const SNAPSHOT_EVERY_MIN = 5;
const MINUTE_TEXT_ID = 8;

function fullSnapshot(minute: number) {
  const node = (id: number, tagName: string, childNodes: object[], attributes: Record<string, string> = {}) => ({
    type: 2,
    id,
    tagName,
    attributes,
    childNodes,
  });
  return {
    node: {
      type: 0,
      id: 1,
      childNodes: [
        { type: 1, id: 2, name: 'html', publicId: '', systemId: '' },
        node(3, 'html', [
          node(4, 'head', []),
          node(5, 'body', [
            node(6, 'h1', [{ type: 3, id: 9, textContent: 'Long session' }]),
            node(7, 'p', [{ type: 3, id: MINUTE_TEXT_ID, textContent: `Minute ${minute}` }], { id: 'minute' }),
          ]),
        ]),
      ],
    },
    initialOffset: { left: 0, top: 0 },
  };
}

export async function postLongSession(srv: TestServer): Promise<{ start: number }> {
  const start = Date.now() - (LENGTH_MIN + 5) * MINUTE;
  const batches = [];
  for (let seq = 0; seq <= LENGTH_MIN * 2; seq++) {
    const t = start + seq * 30_000;
    const minute = seq / 2;
    const replay: object[] = [];
    if (Number.isInteger(minute) && minute % SNAPSHOT_EVERY_MIN === 0) {
      replay.push(
        { type: 4, timestamp: t, data: { href: 'https://shop.example/long', width: 800, height: 500 } },
        { type: 2, timestamp: t + 1, data: fullSnapshot(minute) },
      );
    } else if (Number.isInteger(minute)) {
      replay.push({
        type: 3,
        timestamp: t,
        data: {
          source: 0,
          texts: [{ id: MINUTE_TEXT_ID, value: `Minute ${minute}` }],
          attributes: [],
          removes: [],
          adds: [],
        },
      });
    } else {
      replay.push({
        type: 3,
        timestamp: t,
        data: { source: 1, positions: [{ x: 10 + seq, y: 20, id: 5, timeOffset: 0 }] },
      });
    }
    const events =
      seq === 0
        ? [
            {
              type: 'PAGECHANGE',
              ts: t,
              url: 'https://shop.example/long',
              data: { url: 'https://shop.example/long', title: 'Long' },
            },
          ]
        : [];
    batches.push({ v: 1, sessionId: LONG_ID, seq, isAgent: false, sentAt: t + 10, events, replay });
  }
  // Later batches of a session carry the secret its first 202 returned, as the recorder's do.
  let secret = '';
  for (const b of batches) {
    const res = await fetch(`${srv.url}/v1/ingest`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Loupe-Key': srv.siteKey, 'X-Loupe-Session-Secret': secret },
      body: JSON.stringify(b),
    });
    if (res.status !== 202) throw new Error(`long session batch ${b.seq} refused: ${res.status} ${await res.text()}`);
    secret ||= res.headers.get('loupe-secret') ?? '';
  }
  return { start };
}
