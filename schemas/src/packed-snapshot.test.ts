import { describe, expect, it } from 'vitest';
import { type PackedNode, packNode, type RrwebNode, unpackNode, unpackReplayEvent } from './packed-snapshot.ts';

/** A page as rrweb serialises it, with the nodes packing must keep as objects among the plain ones. */
function page(): RrwebNode {
  const el = (tagName: string, attributes: Record<string, unknown>, ...childNodes: RrwebNode[]): RrwebNode => ({
    type: 2,
    tagName,
    attributes,
    childNodes,
    id: 0,
  });
  const text = (textContent: string): RrwebNode => ({ type: 3, textContent, id: 0 });
  const style = el('style', { _cssText: 'p { color: red; }' }, { type: 3, textContent: '', isStyle: true, id: 0 });
  const body = el(
    'body',
    { class: 'x' },
    text('\n'),
    el('dt', {}, el('a', { href: '/a#b' }, text('abs()'))),
    { type: 2, tagName: 'svg', attributes: {}, childNodes: [], isSVG: true, id: 0 },
    el('p', { 'data-gap': 1 }, text('"quoted" \\ text')),
    { type: 5, textContent: 'c', id: 0 },
    el('span', {}),
  );
  const doc: RrwebNode = {
    type: 0,
    childNodes: [
      { type: 1, name: 'html', publicId: '', systemId: '', id: 0 },
      el('html', { lang: 'en' }, el('head', {}, style), body),
    ],
    compatMode: 'CSS1Compat',
    id: 0,
  };
  // Ids in document order, parents first, as the snapshot gives them; a checkout's go on from the
  // last one given (41), and some are taken meanwhile (an iframe's load): the next node carries its own.
  let id = 40;
  (function number(n: RrwebNode) {
    if ((n.attributes as Record<string, unknown> | undefined)?.['data-gap']) id += 7;
    n.id = ++id;
    n.childNodes?.forEach(number);
  })(doc);
  return doc;
}

describe('the packed full snapshot', () => {
  it('unpacks to rrweb’s node tree exactly, ids included', () => {
    const tree = page();
    const packed = JSON.parse(JSON.stringify(packNode(tree))) as PackedNode;
    expect(unpackNode(packed)).toEqual(tree);
  });

  it('leaves out the ids and keys of plain elements and texts, and keeps the others whole', () => {
    const packed = packNode(page()) as { childNodes: PackedNode[] };
    const html = packed.childNodes[1] as unknown[];
    expect(html.slice(0, 2)).toEqual(['html', { lang: 'en' }]);
    const body = html[3] as unknown[];
    expect(body[2]).toBe('\n');
    expect(body[3]).toEqual(['dt', {}, ['a', { href: '/a#b' }, 'abs()']]);
    expect(body[4]).toMatchObject({ tagName: 'svg', isSVG: true }); // more keys: an object
    expect(body[5]).toMatchObject({ tagName: 'p', id: expect.any(Number) }); // after a gap: its id
    expect(JSON.stringify(packNode(page())).length).toBeLessThan(JSON.stringify(page()).length * 0.6);
  });

  it('unpacks a packed FullSnapshot event and leaves every other event as it is', () => {
    const tree = page();
    const e = { type: 2, timestamp: 5, data: { node: packNode(tree), initialOffset: { left: 0, top: 3 }, packed: 1 } };
    expect(unpackReplayEvent(e)).toEqual({
      type: 2,
      timestamp: 5,
      data: { node: tree, initialOffset: { left: 0, top: 3 } },
    });
    const plain = { type: 2, timestamp: 5, data: { node: tree, initialOffset: { left: 0, top: 0 } } };
    expect(unpackReplayEvent(plain)).toBe(plain);
    const mutation = { type: 3, timestamp: 6, data: { source: 0, adds: [] } };
    expect(unpackReplayEvent(mutation)).toBe(mutation);
  });
});
