import { unpackReplayEvent } from '@loupe/schemas/packed-snapshot';
import fc from 'fast-check';
import { gunzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBundle } from './helpers/bundle.ts';
import { launchBrowser, waitFor, type LoupeWindow } from './helpers/browser.ts';
import type { StoredReplayEvent } from './helpers/collector.ts';
import { startPageServer, type PageServer } from './helpers/page-server.ts';
import { firstDifference, liveShape, replayedShape } from './helpers/replay-dom.ts';

/**
 * The time-sliced full snapshot against random changes made while it walks the page: whatever is
 * added, removed, moved, re-attributed or re-texted, wherever (in parts already walked or not
 * yet), the replay of what was recorded must end with the live page's DOM, node for node.
 * Batches are caught in the browser (page.route): delivery is tested elsewhere, against the
 * real collector.
 */
const ENDPOINT = 'http://collector.invalid';

let pages: PageServer;
let browser: Browser;

beforeAll(async () => {
  await ensureBundle();
  browser = await launchBrowser();
  pages = await startPageServer({ 'data-key': 'walk-test', 'data-endpoint': ENDPOINT, 'data-flush-interval': '200' });
});
afterAll(async () => {
  await browser?.close();
  await pages?.close();
});

type Op =
  | { k: 'add'; at: number; pos: number; tag: string; text: string }
  | { k: 'remove'; at: number }
  | { k: 'move'; at: number; to: number; pos: number }
  | { k: 'attr'; at: number; name: string; value: string }
  | { k: 'text'; at: number; text: string };

const idx = fc.nat({ max: 20_000 });
const word = fc.string({ unit: fc.constantFrom(...'abcxyz019 '), maxLength: 10 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    k: fc.constant('add' as const),
    at: idx,
    pos: idx,
    tag: fc.constantFrom('em', 'div', 'p', 'b'),
    text: word,
  }),
  fc.record({ k: fc.constant('remove' as const), at: idx }),
  fc.record({ k: fc.constant('move' as const), at: idx, to: idx, pos: idx }),
  fc.record({
    k: fc.constant('attr' as const),
    at: idx,
    name: fc.constantFrom('data-x', 'class', 'title'),
    value: word,
  }),
  fc.record({ k: fc.constant('text' as const), at: idx, text: word }),
);

type TestWindow = LoupeWindow & { applyDuringWalk(ops: Op[]): Promise<number> };

/** Every rrweb event the page sent, from the request bodies (gzip or JSON). */
function caught(page: Page): StoredReplayEvent[] {
  const events: StoredReplayEvent[] = [];
  void page.route(`${ENDPOINT}/**`, async (route) => {
    const body = route.request().postDataBuffer();
    if (body) {
      const plain = body[0] === 0x1f && body[1] === 0x8b ? gunzipSync(body) : body;
      events.push(...(JSON.parse(plain.toString()) as { replay: StoredReplayEvent[] }).replay);
    }
    await route.fulfill({ status: 202, headers: { 'Access-Control-Allow-Origin': '*' }, body: '{}' });
  });
  return events;
}

/**
 * Counts the page's tasks from the start of DOM recording into #tick's data-n, the last element
 * the walk reaches: in the snapshot it says how many tasks of the page ran while the snapshot was
 * being taken (0 for a snapshot taken in one task, as rrweb's own).
 */
const TICKER = () => {
  const w = window as unknown as { loupe?: { stats(): { domRecording: boolean } } };
  let ticks = 0;
  const tick = () => {
    if (w.loupe?.stats().domRecording) document.getElementById('tick')!.dataset.n = String(++ticks);
    if (ticks < 200) setTimeout(tick, 0);
  };
  setTimeout(tick, 0);
};

/** The attributes of the node with `id` in a serialised tree. */
function attributesOf(
  node: { attributes?: Record<string, unknown>; childNodes?: unknown[] },
  id: string,
): Record<string, unknown> | undefined {
  if (node.attributes?.id === id) return node.attributes;
  for (const c of node.childNodes ?? []) {
    const found = attributesOf(c as typeof node, id);
    if (found) return found;
  }
  return undefined;
}

async function recordWith(ops: Op[], query = '') {
  const page = await browser.newPage();
  try {
    const events = caught(page);
    if (query.includes('tick')) await page.addInitScript(TICKER);
    await page.goto(`${pages.url}/pages/walk.html${query}`);
    await page.evaluate((o) => (window as unknown as TestWindow).applyDuringWalk(o), ops);
    if (query.includes('tick'))
      await waitFor('the ticker to end', () =>
        page.evaluate(() => document.getElementById('tick')!.dataset.n === '200'),
      );
    await page.waitForTimeout(300); // rrweb's observer for changes made after the walk
    const live = await liveShape(page);
    await page.evaluate(() => (window as unknown as TestWindow).loupe.stop());
    await waitFor(
      'the last batch',
      () =>
        events.some((e) => e.type === 2) &&
        page.evaluate(() => (window as unknown as TestWindow).loupe.stats().queuedBatches === 0),
    );
    return { live, replayed: await replayedShape(browser, events), events };
  } finally {
    await page.close();
  }
}

describe('the time-sliced full snapshot', () => {
  it('walks in many tasks, with the page running between them, and the replay is the page', async () => {
    // A mutation limit far below the page's 9,000 nodes: the snapshot is not a storm of changes.
    const { live, replayed, events } = await recordWith([], '?tick&data-mutation-limit=1000');
    const snapshots = events.filter((e) => e.type === 2);
    expect(snapshots).toHaveLength(1);
    // Taken in one task, as rrweb's own, it would say 0: the page runs only between slices.
    expect(
      Number(attributesOf((unpackReplayEvent(snapshots[0]!).data as { node: object }).node, 'tick')?.['data-n']),
    ).toBeGreaterThanOrEqual(2);
    expect(firstDifference(replayed, live)).toBeUndefined();
  });

  it('replays to the live DOM, node for node, whatever changes while it walks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 40 }), async (ops) => {
        const { live, replayed } = await recordWith(ops);
        expect(firstDifference(replayed, live)).toBeUndefined();
      }),
      { numRuns: 25 },
    );
  }, 600_000);
});
