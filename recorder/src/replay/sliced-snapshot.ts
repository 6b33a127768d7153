import { PACKED_SNAPSHOT_VERSION, packedForm, type RrwebNode } from '@loupe/schemas/packed-snapshot';
import { type FastSerializer, fastSerializer } from './fast-serialize.ts';

/**
 * rrweb's full snapshot, taken in slices of a few milliseconds so that a page of any size never
 * holds its main thread for long (rrweb serialises the whole document in one call: ~600 ms on a
 * 35,000-element page). rrweb's own record() runs everything else; a build-time patch
 * (scripts/rrweb-snapshot-hook.mjs) hands this function rrweb's serialiser, mirror and emit in
 * place of its snapshot step, and starts rrweb's observers once `ctx.done()` is called.
 *
 * The walk is depth first with an explicit stack; plain elements and texts are serialised by
 * fast-serialize.ts, every other node by rrweb's own serializeNodeWithId (skipChild), with the
 * options rrweb would pass down (masking, whitespace, captured CSS): the nodes are exactly rrweb's. The FullSnapshot's JSON is written as the walk
 * goes, node by node, in the same slices: no task encodes the whole page, and the event is sent
 * as the text already made (the delivery takes it as it is). One event, as rrweb's replayer
 * expects a snapshot, and as compact as rrweb's own.
 *
 * The page may change during the walk. A MutationObserver of our own records every change; once
 * the walk is done, in the same task that hands over to rrweb's observers (so nothing falls in
 * between), the changes are turned into one mutation computed against what was sent: for every
 * parent whose children changed, the children it no longer has are removed and the ones it has
 * that were not sent (new, moved in, or out of order) are added, serialised whole as they are now;
 * changed attributes and texts of nodes sent are sent again; fields typed into and elements
 * scrolled during the walk get input and scroll events. The replay's DOM is then the page's.
 */

/** rrweb's serialised node, as much of it as the walk reads. */
export interface SerializedNode {
  id: number;
  type: number;
  tagName?: string;
  attributes?: Record<string, unknown>;
  childNodes?: SerializedNode[];
  textContent?: string;
  isShadow?: boolean;
}

/** A walked parent's record in the mirror until the walk ends: its id and the ids of the children sent. */
interface Sent {
  id: number;
  sent: number[];
}

interface Mirror {
  /** A record is rrweb's serialised node, or (patched getId: scripts/rrweb-snapshot-hook.mjs) the bare id. */
  nodeMetaMap: WeakMap<Node, SerializedNode | Sent | number>;
  idNodeMap: Map<number, Node>;
  getId(n: Node): number;
  getNode(id: number): Node | null;
  getMeta(n: Node): SerializedNode | Sent | number | null;
  removeNodeFromMap(n: Node): void;
}

interface MutationData {
  texts: { id: number; value: string | null }[];
  attributes: { id: number; attributes: Record<string, unknown> }[];
  removes: { parentId: number; id: number }[];
  adds: { parentId: number; nextId: number | null; node: SerializedNode }[];
}

/** What the patched record() hands over (see scripts/rrweb-snapshot-hook.mjs). */
export interface SnapshotContext {
  /** The options rrweb's takeFullSnapshot would pass to snapshot(). */
  options: Record<string, unknown> & {
    mirror: Mirror;
    maskTextClass: unknown;
    maskTextSelector: unknown;
    maskAllInputs: unknown;
    slimDOM: { headWhitespace?: boolean };
  };
  serialize(n: Node, options: Record<string, unknown>): SerializedNode | null;
  /** rrweb's id counter (serializeNodeWithId's). */
  genId(): number;
  needMaskingText(n: Node, maskTextClass: unknown, maskTextSelector: unknown, checkAncestors: boolean): boolean;
  emit(e: { type: number; data: unknown; timestamp?: number }): void;
  initialOffset(): { left: number; top: number };
  /** The snapshot is complete: rrweb's observers take over. */
  done(): void;
}

/**
 * Work per slice before yielding to the page (the clock is read every CHECK_EVERY nodes), and
 * about as many characters of JSON as one slice sends: its event must be cheap to encode and fit
 * a batch (maxBatchBytes, 256,000 by default) with room to spare.
 */
const SLICE_MS = 6;
const CHECK_EVERY = 16;
const SLICE_CHARS = 150_000;
const ELEMENT = 2; // rrweb NodeType.Element
const INCREMENTAL = 3;
const FULL = 2;
const MUTATION = 0;
const SCROLL = 3;
const INPUT = 5;

/** One parent whose children are being serialised: `i` is the next child. */
interface Frame {
  node: Node;
  /** The ids of its children written so far. */
  sent: number[];
  kids: Node[];
  i: number;
  /** The options its children are serialised with (rrweb's bypassOptions). */
  opts: Record<string, unknown>;
  /** A child of it has been written (the next one needs a comma). */
  open: boolean;
  /** What ends its JSON: `]` for a packed element, `]}` for rrweb's object. */
  close: string;
  /** Its text children can be serialised by fast-serialize.ts (rrweb does nothing special with them). */
  texts: boolean;
}

const yieldTask = (fn: () => void) => {
  const s = (globalThis as { scheduler?: { postTask?(f: () => void): Promise<void> } }).scheduler;
  if (s?.postTask) return void s.postTask(fn).catch(() => {});
  const ch = new MessageChannel();
  ch.port1.onmessage = fn;
  ch.port2.postMessage(0);
};

/** A node without its children, as rrweb's mutations carry added nodes (one add each). */
const shallow = (sn: SerializedNode): SerializedNode => (sn.childNodes ? { ...sn, childNodes: [] } : sn);

/** A copy (the walk must not see later changes); by siblings, twice as fast as indexing a NodeList. */
const childrenOf = (n: Node): Node[] => {
  const out: Node[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) out.push(c);
  const root = n.nodeType === 1 ? (n as Element).shadowRoot : null;
  for (let c = root?.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
};

/**
 * Takes the snapshot; `prebuilt` receives the FullSnapshot event with the JSON text of its node
 * (the caller sends that text in place of the event's placeholder node). Answers the function
 * that abandons it (rrweb's stop()).
 */
export function slicedSnapshot(
  ctx: SnapshotContext,
  prebuilt: WeakMap<object, string>,
  report: (e: unknown) => void,
): () => void {
  const o = ctx.options;
  const mirror = o.mirror;
  // rrweb's onSerialize looks for iframes, stylesheet links and shadow roots, through its
  // untainted accessors, on every node: of no use for texts and comments, 60% of a page's nodes.
  const onSerialize = o.onSerialize as ((n: Node) => void) | undefined;
  const base = {
    ...o,
    onSerialize: onSerialize && ((n: Node) => n.nodeType === 1 && onSerialize(n)),
    doc: document,
    maskInputOptions: o.maskAllInputs,
    slimDOMOptions: o.slimDOM,
    newlyAddedElement: false,
  };
  const quiet = { ...base, onSerialize: undefined, onIframeLoad: undefined, onStylesheetLoad: undefined };
  const records: MutationRecord[] = [];
  const observer = new MutationObserver((rs) => {
    for (const r of rs) records.push(r);
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
  const fields = new Set<Element>();
  const scrolled = new Set<Element>();
  const onInput = (e: Event) => e.target instanceof Element && fields.add(e.target);
  const onScroll = (e: Event) => e.target instanceof Element && scrolled.add(e.target);
  const listeners: [string, (e: Event) => void][] = [
    ['input', onInput],
    ['change', onInput],
    ['scroll', onScroll],
  ];
  for (const [t, f] of listeners) document.addEventListener(t, f, true);

  let cancelled = false;
  const optionSets = new Map<string, Record<string, unknown>>();
  const walked = new Set<Node>();
  /** The FullSnapshot's node as JSON, in pieces, in document order. */
  const json: string[] = [];
  let offset = { left: 0, top: 0 };
  const stack: Frame[] = [];

  let fast: FastSerializer | undefined;
  let rootId: number | undefined;
  const frameFor = (
    node: Node,
    sn: SerializedNode,
    parentOpts: Record<string, unknown>,
    plain = false,
  ): Frame | undefined => {
    if (sn.type !== ELEMENT && sn.type !== 0) return undefined; // 0: the document
    const a = sn.attributes ?? {};
    // As serializeNodeWithId: a blocked element and a textarea's text are not walked into.
    if (a.rr_width !== undefined || (sn.tagName === 'textarea' && a.value !== undefined)) return undefined;
    const kids = childrenOf(node);
    if (!kids.length) return undefined;
    const inherited = parentOpts.needsMask as boolean | undefined;
    // A plain element's own selector check is fast-serialize.ts's (one matches() in place of rrweb's two).
    const needsMask =
      inherited ||
      ((plain && inherited === false ? fast!.masks(node as Element) : undefined) ??
        ctx.needMaskingText(node, o.maskTextClass, o.maskTextSelector, inherited === undefined));
    const preserveWhiteSpace =
      parentOpts.preserveWhiteSpace !== false && !(o.slimDOM.headWhitespace && sn.tagName === 'head');
    const cssCaptured = typeof a._cssText === 'string';
    // Eight possible option sets: made once each, not copied for every element.
    const key = `${needsMask}${preserveWhiteSpace}${cssCaptured}`;
    let opts = optionSets.get(key);
    if (!opts) optionSets.set(key, (opts = { ...base, skipChild: true, needsMask, preserveWhiteSpace, cssCaptured }));
    const tag = (node as Element).tagName;
    const texts = preserveWhiteSpace && !cssCaptured && tag !== 'STYLE' && tag !== 'SCRIPT';
    return { node, sent: [], kids, i: 0, opts, open: false, close: ']}', texts };
  };

  /** The id of the node written last: the packed form leaves out ids that follow it (packed-snapshot.ts). */
  let lastId = Number.NaN;
  /** The walked parents, whose lists of children finish() reads. */
  const parents: [Node, Sent][] = [];

  /**
   * Writes a node, packed (@loupe/schemas/packed-snapshot): whole when it has no children to
   * walk, else open (closed when its frame ends). Then the mirror keeps only what is still read of
   * it: its id (rrweb's getId), and until the walk ends, for a parent, the children sent (a
   * record that finish() reads; a node with none to walk has sent none). rrweb's mirror would
   * otherwise hold every node's serialised form (attributes, texts) for as long as it records:
   * most of what rrweb adds to a page's heap.
   */
  const write = (node: Node, sn: SerializedNode, frame: Frame | undefined, plain = false) => {
    // fast-serialize.ts's nodes have rrweb's keys only; with the next id (and no rootId) they pack.
    const form =
      plain && sn.id === lastId + 1 && rootId === undefined
        ? sn.type === ELEMENT
          ? 'element'
          : 'text'
        : packedForm(sn as RrwebNode, lastId);
    lastId = sn.id;
    let text: string;
    if (form === 'text') text = JSON.stringify(sn.textContent);
    else if (form === 'element') {
      // A plain tag name needs no escaping.
      const tag = plain ? `"${sn.tagName}"` : JSON.stringify(sn.tagName);
      text = `[${tag},${JSON.stringify(sn.attributes)}${frame ? '' : ']'}`;
      if (frame) (frame.open = true), (frame.close = ']');
    } else {
      const kids = sn.childNodes;
      if (frame) sn.childNodes = undefined; // left out here, written as the walk goes
      text = JSON.stringify(sn);
      sn.childNodes = kids;
      if (frame) text = `${text.slice(0, -1)},"childNodes":[`;
    }
    json.push(text);
    chars += text.length;
    // Only the record is set: the serialiser has just put the node in the mirror's id map.
    if (!frame) return void mirror.nodeMetaMap.set(node, sn.id);
    const rec = { id: sn.id, sent: frame.sent };
    parents.push([node, rec]);
    mirror.nodeMetaMap.set(node, rec);
  };

  /** Serialises the next child of the frame on top; answers false when the stack is empty. */
  function step(): boolean {
    const f = stack[stack.length - 1];
    if (!f) return false;
    if (f.i >= f.kids.length) {
      stack.pop();
      json.push(f.close);
      return true;
    }
    const child = f.kids[f.i++]!;
    const owner = child.parentNode;
    // Gone or moved since its parent was walked, or met again after a move: the changes say where it is.
    if (walked.has(child) || (owner !== f.node && owner !== (f.node as Element).shadowRoot)) return true;
    walked.add(child);
    let sn: SerializedNode | null | undefined;
    if (owner === f.node) {
      const t = child.nodeType;
      if (t === 1) sn = fast!.element(child as Element);
      else if (t === 3 && f.texts) sn = fast!.text(child as Text, f.opts.needsMask as boolean);
    }
    const plain = !!sn;
    if (!sn) sn = ctx.serialize(child, f.opts);
    if (!sn) return true;
    if (owner !== f.node) sn.isShadow = true;
    const next = frameFor(child, sn, f.opts, plain);
    if (f.open) json.push(',');
    f.open = true;
    write(child, sn, next, plain);
    f.sent.push(sn.id);
    if (next) stack.push(next);
    return true;
  }

  /** About the JSON characters written in this slice. */
  let chars = 0;
  const full = (deadline: number) => chars > SLICE_CHARS || performance.now() > deadline;

  function slice() {
    if (cancelled) return;
    try {
      const deadline = performance.now() + SLICE_MS;
      if (!stack.length) {
        walked.add(document);
        const root = ctx.serialize(document, { ...base, skipChild: true });
        if (!root) throw new Error('the document could not be serialised');
        // rrweb's getRootId: every node after the document carries its id, unless that is 1.
        rootId = root.id === 1 ? undefined : root.id;
        fast = fastSerializer(o, ctx.genId, mirror.idNodeMap, rootId);
        offset = ctx.initialOffset();
        const f = frameFor(document, root, { ...base, needsMask: undefined });
        write(document, root, f);
        if (!f) return finish();
        stack.push(f);
      }
      fast!.fresh();
      for (let n = 1; step(); n++) if (n % CHECK_EVERY === 0 && full(deadline)) break;
      chars = 0;
      if (stack.length) return yieldTask(slice);
      finish();
    } catch (e) {
      stop();
      report(e);
    }
  }

  function stop() {
    cancelled = true;
    observer.disconnect();
    for (const [t, f] of listeners) document.removeEventListener(t, f, true);
  }

  /** rrweb keeps the function that stops this for as long as it records: let go of the walk's data. */
  function release() {
    walked.clear();
    records.length = 0;
    json.length = 0;
    stack.length = 0;
    fields.clear();
    scrolled.clear();
    for (const [node, p] of parents) mirror.nodeMetaMap.set(node, p.id);
    parents.length = 0;
  }

  /** The walk is over: what changed meanwhile, against what was sent; then rrweb takes over. */
  function finish() {
    for (const r of observer.takeRecords()) records.push(r);
    stop();
    const snapshot = { type: FULL, data: { node: {}, initialOffset: offset, packed: PACKED_SNAPSHOT_VERSION } };
    prebuilt.set(snapshot, json.join(''));
    json.length = 0;
    ctx.emit(snapshot);
    const inReplay = (n: Node) => walked.has(n) && mirror.getId(n) > 0;
    const kids = new Set<Node>();
    const attrs = new Map<Node, Set<string>>();
    const texts = new Set<Node>();
    for (const r of records) {
      if (r.type === 'childList') kids.add(r.target);
      else if (r.type === 'characterData') texts.add(r.target);
      else (attrs.get(r.target) ?? attrs.set(r.target, new Set()).get(r.target)!).add(r.attributeName!);
    }
    const m: MutationData = { texts: [], attributes: [], removes: [], adds: [] };
    const fresh: Node[] = [];
    const isFresh = (n: Node) => fresh.some((f) => f.contains(n));
    const current = (n: Node) => n.isConnected && inReplay(n) && !isFresh(n);
    const byDocument = (a: Node, b: Node) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1);
    for (const p of [...kids].filter((n) => n.isConnected && inReplay(n)).sort(byDocument)) {
      if (isFresh(p)) continue;
      // Texts are not parents; a node walked with no children to walk had none sent.
      const psn = mirror.getMeta(p);
      const old = typeof psn === 'object' && psn && 'sent' in psn ? psn.sent : [];
      const parentId = mirror.getId(p);
      const live = childrenOf(p);
      const liveIds = live.map((c) => (inReplay(c) ? mirror.getId(c) : 0));
      const oldSet = new Set(old);
      const keptLive = liveIds.filter((id) => oldSet.has(id));
      const keptSet = new Set(keptLive);
      const keptOld = old.filter((id) => keptSet.has(id));
      // Children still there but in another order: simplest exact answer, send them all again.
      const keep = keptOld.every((id, i) => id === keptLive[i]) ? keptSet : new Set<number>();
      for (const id of old) {
        if (keep.has(id)) continue;
        m.removes.push({ parentId, id });
        const gone = mirror.getNode(id);
        if (gone && !gone.isConnected) mirror.removeNodeFromMap(gone);
      }
      let nextId: number | null = null;
      for (let i = live.length - 1; i >= 0; i--) {
        if (keep.has(liveIds[i]!)) {
          nextId = liveIds[i]!;
          continue;
        }
        const sn = ctx.serialize(live[i]!, { ...base, skipChild: false, newlyAddedElement: true });
        if (!sn) continue;
        // One add per node, parents first: rrweb's replayer builds each added node without children.
        const flat: MutationData['adds'] = [];
        (function add(parentId: number, next: number | null, n: SerializedNode) {
          flat.push({ parentId, nextId: next, node: shallow(n) });
          n.childNodes?.forEach((c) => add(n.id, null, c));
        })(parentId, nextId, sn);
        for (const a of flat) m.adds.push(a);
        fresh.push(live[i]!);
        nextId = sn.id;
      }
    }
    for (const t of texts) {
      if (!current(t)) continue;
      const sn = ctx.serialize(t, { ...quiet, skipChild: true });
      if (sn) m.texts.push({ id: sn.id, value: sn.textContent ?? null });
    }
    for (const [el, names] of attrs) {
      if (!current(el)) continue;
      const sn = ctx.serialize(el, { ...quiet, skipChild: true });
      if (!sn?.attributes) continue;
      const changed: Record<string, unknown> = {};
      for (const name of names) changed[name] = sn.attributes[name] ?? null;
      m.attributes.push({ id: sn.id, attributes: changed });
    }
    if (m.adds.length || m.removes.length || m.texts.length || m.attributes.length)
      ctx.emit({ type: INCREMENTAL, data: { source: MUTATION, ...m } });
    for (const el of fields) {
      if (!current(el)) continue;
      const sn = ctx.serialize(el, { ...quiet, skipChild: true });
      const a = sn?.attributes ?? {};
      ctx.emit({
        type: INCREMENTAL,
        data: { source: INPUT, id: mirror.getId(el), text: String(a.value ?? ''), isChecked: !!a.checked },
      });
    }
    for (const el of scrolled)
      if (current(el))
        ctx.emit({
          type: INCREMENTAL,
          data: { source: SCROLL, id: mirror.getId(el), x: el.scrollLeft, y: el.scrollTop },
        });
    const now = ctx.initialOffset();
    if (now.left !== offset.left || now.top !== offset.top)
      ctx.emit({ type: INCREMENTAL, data: { source: SCROLL, id: mirror.getId(document), x: now.left, y: now.top } });
    release();
    ctx.done();
  }

  slice();
  return stop;
}
