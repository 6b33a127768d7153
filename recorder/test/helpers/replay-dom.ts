import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { unpackReplayEvent } from '@loupe/schemas/packed-snapshot';
import type { Browser, Page } from 'playwright-core';
import type { StoredReplayEvent } from './collector.ts';

/** @rrweb/replay 2.1.6 as the viewer plays it, loaded into a blank page as a classic script. */
const REPLAY_UMD = readFileSync(
  join(dirname(createRequire(import.meta.url).resolve('@rrweb/replay')), 'replay.umd.cjs'),
  'utf8',
);

/** A DOM subtree as comparable data: [tag, "attr=value ...", children] and "#text" leaves. */
export type Shape = string | [string, string, Shape[]];

/**
 * The shape of `root`, run inside a page: elements with their attributes (sorted; links made
 * absolute, as rrweb records them), text nodes with their text. Scripts (rrweb leaves them out)
 * and whitespace-only text are skipped.
 */
export function shapeOf(root: Element, base: string): Shape {
  const out = (n: Node): Shape | null => {
    if (n.nodeType === 3) return n.textContent!.trim() ? `#${n.textContent}` : null;
    if (n.nodeType !== 1) return null;
    const el = n as Element;
    if (el.localName === 'script' || el.localName === 'noscript') return null;
    const attrs = [...el.attributes]
      .filter((a) => !a.name.startsWith('rr_'))
      .map((a) => `${a.name}=${a.name === 'href' || a.name === 'src' ? new URL(a.value, base).href : a.value}`)
      .sort();
    return [el.localName, attrs.join(' '), [...el.childNodes].map(out).filter((x): x is Shape => x !== null)];
  };
  return out(root)!;
}

/** The live page's body, as `shapeOf` sees it. */
export const liveShape = (page: Page) =>
  page.evaluate(`(${shapeOf.toString()})(document.body, location.href)`) as Promise<Shape>;

/**
 * Replays stored rrweb events to their end with @rrweb/replay in a fresh page of `browser`,
 * and answers the shape of the rebuilt body.
 */
export async function replayedShape(browser: Browser, events: StoredReplayEvent[]): Promise<Shape> {
  const page = await browser.newPage();
  try {
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ content: REPLAY_UMD });
    // As the viewer does: the recorder's packed full snapshots unpacked for rrweb's replayer.
    const sorted = events.map(unpackReplayEvent).sort((a, b) => a.timestamp - b.timestamp);
    return (await page.evaluate(
      ([evs, shape]) => {
        const { Replayer } = (
          window as unknown as {
            rrwebReplay: {
              Replayer: new (
                e: unknown[],
                o: object,
              ) => { getMetaData(): { totalTime: number }; pause(t: number): void; iframe: HTMLIFrameElement };
            };
          }
        ).rrwebReplay;
        const r = new Replayer(evs, { root: document.body, showWarning: false, mouseTail: false, triggerFocus: false });
        r.pause(r.getMetaData().totalTime + 1);
        const doc = r.iframe.contentDocument!;
        // eslint-disable-next-line no-new-func
        return new Function('root', 'base', `return (${shape})(root, base)`)(doc.body, doc.baseURI);
      },
      [sorted, shapeOf.toString()] as const,
    )) as Shape;
  } finally {
    await page.close();
  }
}

/** Where two shapes first differ (a path of child indexes and what each side has there), or undefined. */
export function firstDifference(a: Shape, b: Shape, path = 'body'): string | undefined {
  if (typeof a === 'string' || typeof b === 'string')
    return a === b ? undefined : `${path}: ${JSON.stringify(a).slice(0, 120)} vs ${JSON.stringify(b).slice(0, 120)}`;
  if (a[0] !== b[0] || a[1] !== b[1]) return `${path}: <${a[0]} ${a[1]}> vs <${b[0]} ${b[1]}>`;
  for (let i = 0; i < Math.max(a[2].length, b[2].length); i++) {
    if (!a[2][i] || !b[2][i])
      return `${path}[${i}]: ${JSON.stringify(a[2][i] ?? null).slice(0, 120)} vs ${JSON.stringify(b[2][i] ?? null).slice(0, 120)}`;
    const d = firstDifference(a[2][i]!, b[2][i]!, `${path}[${i}]`);
    if (d) return d;
  }
  return undefined;
}
