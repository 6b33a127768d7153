import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { rollup } from 'rollup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './helpers/browser.ts';
import { startPageServer, type PageServer } from './helpers/page-server.ts';

/**
 * The walk serialises plain elements and texts itself (src/replay/fast-serialize.ts) and hands
 * everything else to rrweb. Its full snapshot must be rrweb's own, node for node and field for
 * field, on a page of everything rrweb treats in its own way: relative URLs of every shape, styles
 * with and without url(), masked and blocked parts, fields of every kind, SVG, a custom element,
 * a shadow root, a scrolled box, comments, entities, odd attribute names. Both are taken in the
 * same page with the same options (record-dom.ts's rrwebOptions), the walk's first, so that its
 * document has id 1 as on a page's first snapshot.
 */
type Sn = { id: number; rootId?: number; childNodes?: Sn[]; [k: string]: unknown };
type Data = { node: Sn; initialOffset: unknown };

let pages: PageServer;
let browser: Browser;
let outdir: string;

beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), 'loupe-serialiser-'));
  const { inputOptions } = (await import('../scripts/bundles.mjs' as string)) as {
    inputOptions(input: string): object;
  };
  const bundle = await rollup({ ...inputOptions('test/fixtures/serialiser-entry.ts'), onwarn: () => {} });
  await bundle.write({ file: join(outdir, 'serialiser-entry.js'), format: 'iife' });
  await bundle.close();
  browser = await launchBrowser();
  pages = await startPageServer({});
  pages.mount('/cmp/', outdir);
});
afterAll(async () => {
  await browser?.close();
  await pages?.close();
  rmSync(outdir, { recursive: true, force: true });
});

/** rrweb's tree with ids counted from its document's and the document's rootId left out. */
function normalised(root: Sn): Sn {
  const base = root.id;
  const norm = (n: Sn): Sn => {
    const { id, rootId, childNodes, ...rest } = n;
    if (rootId !== undefined && rootId !== base) throw new Error(`node ${id} has the rootId ${rootId}`);
    return { ...rest, id: id - base, ...(childNodes ? { childNodes: childNodes.map(norm) } : {}) };
  };
  return norm(root);
}

async function snapshots(page: Page, privacy: object): Promise<{ ours: Data; theirs: Data }> {
  await page.goto(`${pages.url}/pages/serialiser.html?noscript`);
  return (await page.evaluate(
    (o) => (window as unknown as { snapshots(o: object): Promise<unknown> }).snapshots(o),
    privacy,
  )) as { ours: Data; theirs: Data };
}

/** Every value of `key` in the tree, in document order. */
function all(n: Sn, pick: (n: Sn) => unknown): unknown[] {
  const here = pick(n);
  return [...(here === undefined ? [] : [here]), ...(n.childNodes ?? []).flatMap((c) => all(c, pick))];
}

describe("the walk's serialiser", () => {
  it("writes rrweb's nodes: URLs, styles, SVG, shadow roots, custom elements, scroll, texts", async () => {
    const page = await browser.newPage();
    try {
      const { ours, theirs } = await snapshots(page, { maskAllInputs: false, maskText: false });
      expect(ours.node.rootId).toBeUndefined();
      expect(all(ours.node, (n) => n.rootId)).toEqual([]);
      expect(normalised(ours.node)).toEqual(normalised(theirs.node));
      expect(ours.initialOffset).toEqual(theirs.initialOffset);
      // What the comparison covers, as recorded: resolved links, masked text, a blocked box.
      const hrefs = all(ours.node, (n) => (n.attributes as { href?: string } | undefined)?.href);
      expect(hrefs).toContain(`${pages.url}/pages/sub/dir/page.html#section-2`);
      expect(hrefs).toContain(`${pages.url}/pages/sub/up/page.html?q=1&r=2#x`);
      expect(hrefs).toContain(`${pages.url}/pages/sub/dir/a%20b.html#x%22y`);
      const texts = all(ours.node, (n) => n.textContent as string | undefined).join('|');
      expect(texts).toContain('Text with entities: & <b> \u00a0non-breaking, café, 😀');
      expect(texts).toContain('****** ****');
      expect(texts).not.toContain('Masked text');
      expect(texts).not.toContain('Blocked');
      expect(all(ours.node, (n) => (n.attributes as { rr_scrollTop?: number } | undefined)?.rr_scrollTop)).toEqual([
        25,
      ]);
    } finally {
      await page.close();
    }
  });

  it('masks as rrweb does with every text and input masked', async () => {
    const page = await browser.newPage();
    try {
      const { ours, theirs } = await snapshots(page, { maskAllInputs: true, maskText: true });
      expect(normalised(ours.node)).toEqual(normalised(theirs.node));
      const texts = all(ours.node, (n) => n.textContent as string | undefined).join('|');
      expect(texts).not.toMatch(/[a-z]{2}/i);
    } finally {
      await page.close();
    }
  });
});
