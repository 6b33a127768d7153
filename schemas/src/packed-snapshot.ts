/**
 * The recorder's packed full snapshot: rrweb's FullSnapshot with its node tree written compactly.
 * This file imports nothing: the recorder bundles it (as `@loupe/schemas/packed-snapshot`), the viewer
 * unpacks with it before rrweb's replayer sees an event.
 *
 * rrweb writes every node as an object with its keys and its id: `{"type":2,"tagName":"dt",
 * "attributes":{},"childNodes":[...],"id":4711}`. Ids are given in document order as the snapshot
 * walks, so nearly every id is the one before it plus one, and gzip cannot shorten a counter. The
 * packed tree leaves out what follows from the position:
 *  - a text node `{type: 3, textContent, id}` is its text, a JSON string;
 *  - an element `{type: 2, tagName, attributes, childNodes, id}` is `[tagName, attributes, ...children]`;
 *  - any other node (the document, a doctype, a comment, a style's text, an SVG or shadow element,
 *    anything with more keys) is rrweb's object as it is, with its id and its children packed.
 * A string or an array has the id after the one before it in document order (depth first, parents
 * first); an object carries its id, and the count goes on from it. Measured on a 35,000-element
 * page (88,000 nodes): 6.4 million characters of rrweb JSON, 614 KB gzipped, become 2.4 million,
 * 241 KB gzipped, about what the page's own HTML gzips to (224 KB).
 *
 * What is stored is still an rrweb event of type FullSnapshot (the collector indexes snapshots by
 * type); its `data.node` is an array or a string instead of an object, and `data.packed` says so.
 */

/** rrweb's serialised node, as far as packing looks at it. */
export interface RrwebNode {
  type: number;
  id: number;
  childNodes?: RrwebNode[];
  [key: string]: unknown;
}

export type PackedNode = string | PackedElement | PackedObject;
export type PackedElement = [tagName: string, attributes: Record<string, unknown>, ...children: PackedNode[]];
export interface PackedObject {
  type: number;
  id: number;
  childNodes?: PackedNode[];
  [key: string]: unknown;
}

/** `data.packed` of a packed FullSnapshot: the version of this format. */
export const PACKED_SNAPSHOT_VERSION = 1;

const TEXT = 3;
const ELEMENT = 2;
const FULL_SNAPSHOT = 2; // rrweb's EventType.FullSnapshot

/**
 * How a node is written, given the id of the node written before it: 'text' and 'element' leave
 * out id and keys, 'object' is rrweb's own. Keys whose value is undefined do not count (JSON
 * leaves them out); children are not looked at.
 */
export function packedForm(n: RrwebNode, previousId: number): 'text' | 'element' | 'object' {
  if (n.id !== previousId + 1) return 'object';
  const want = n.type === TEXT ? 3 : n.type === ELEMENT ? 5 : -1;
  let count = 0;
  for (const k in n) {
    if (n[k] === undefined) continue;
    if (n.type === TEXT ? k !== 'type' && k !== 'id' && k !== 'textContent' : !isElementKey(k)) return 'object';
    count++;
  }
  if (count !== want) return 'object';
  if (n.type === TEXT) return typeof n.textContent === 'string' ? 'text' : 'object';
  return typeof n.tagName === 'string' && isRecord(n.attributes) && Array.isArray(n.childNodes) ? 'element' : 'object';
}
// A function, not a Set: a module-level `new Set` would stay in every bundle that imports this file.
const isElementKey = (k: string) =>
  k === 'type' || k === 'id' || k === 'tagName' || k === 'attributes' || k === 'childNodes';
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Packs an rrweb node tree (the recorder writes the same text as it walks; this is its reference). */
export function packNode(root: RrwebNode): PackedNode {
  let last = Number.NaN;
  const pack = (n: RrwebNode): PackedNode => {
    const form = packedForm(n, last);
    last = n.id;
    if (form === 'text') return n.textContent as string;
    const kids = (n.childNodes ?? []).map(pack);
    if (form === 'element') return [n.tagName as string, n.attributes as Record<string, unknown>, ...kids];
    return n.childNodes ? { ...n, childNodes: kids } : { ...n };
  };
  return pack(root);
}

/** rrweb's node tree back from a packed one; an rrweb node (an object with rrweb's ids) comes back as it is. */
export function unpackNode(root: PackedNode): RrwebNode {
  let last = 0;
  const unpack = (p: PackedNode): RrwebNode => {
    if (typeof p === 'string') return { type: TEXT, textContent: p, id: ++last };
    if (Array.isArray(p)) {
      const n: RrwebNode = { type: ELEMENT, tagName: p[0], attributes: p[1], childNodes: [], id: ++last };
      for (let i = 2; i < p.length; i++) n.childNodes!.push(unpack(p[i] as PackedNode));
      return n;
    }
    last = p.id;
    return p.childNodes ? { ...p, childNodes: p.childNodes.map(unpack) } : (p as RrwebNode);
  };
  return unpack(root);
}

/** An rrweb event as rrweb's replayer takes it: a packed FullSnapshot unpacked, any other event as it is. */
export function unpackReplayEvent<E extends { type: number; data?: unknown }>(e: E): E {
  const data = e.data as { node?: unknown; packed?: unknown } | undefined;
  if (e.type !== FULL_SNAPSHOT || !data || data.packed === undefined) return e;
  const { packed: _, node, ...rest } = data;
  return { ...e, data: { ...rest, node: unpackNode(node as PackedNode) } };
}
