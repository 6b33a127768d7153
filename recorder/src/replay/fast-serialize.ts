/**
 * Loupe's own serialiser for the nodes most of a page is made of: plain HTML elements and their
 * texts. It answers exactly the node rrweb's serializeNodeWithId would (same fields, same masking,
 * same absolute URLs, the same id from rrweb's own counter), at a fraction of the cost: rrweb reads
 * every node through "untainted" accessors, checks the privacy selectors two or three times per
 * element, copies its options objects per node, creates an Attr object per attribute, resolves
 * every href and src by setting it on an anchor, and asks the custom element registry about every
 * tag. That was most of the full snapshot's time on a 35,000-element page.
 *
 * Anything else answers undefined and the walk hands it to rrweb's serialiser: the document, the
 * doctype, comments, SVG, custom elements, shadow hosts and their children, blocked elements,
 * fields and options (values and masking), stylesheets, scripts and meta (slimDOM), media,
 * canvas, iframes, images with srcset, styles with url(), and attribute names that are not plain
 * lower case.
 */

import type { SerializedNode } from './sliced-snapshot.ts';

/** Tags rrweb treats specially (inlined, masked, excluded, media state...): its serialiser's. */
const RRWEB_TAGS =
  /^(link|style|script|noscript|meta|input|textarea|select|option|dialog|canvas|audio|video|iframe|object|form)$/;
/** A fragment the URL parser keeps as it is (no byte of the fragment percent-encode set). */
const PLAIN_FRAGMENT = /^#[!#-;=?-_a-~]*$/;
const HTML_NS = 'http://www.w3.org/1999/xhtml';
const TEXT = 3;
const ELEMENT = 2;

export interface FastOptions {
  blockClass?: unknown;
  blockSelector?: unknown;
  maskTextClass?: unknown;
  maskTextSelector?: unknown;
  maskTextFn?: unknown;
  inlineImages?: unknown;
}

export interface FastSerializer {
  /** An element, or undefined for rrweb's serialiser. */
  element(el: Element): SerializedNode | undefined;
  /** A text node of a plain parent (the caller checks: not STYLE or SCRIPT, whitespace kept, no CSS captured). */
  text(t: Text, needsMask: boolean): SerializedNode | undefined;
  /** rrweb's needMaskingText for an element with children (checkAncestors false), or undefined if it must decide. */
  masks(el: Element): boolean | undefined;
  /** At the start of a slice: the page's base URL may have changed (history.pushState) since the last. */
  fresh(): void;
}

/**
 * `genId` is rrweb's id counter, `ids` its mirror's id-to-node map (the walk records the node
 * itself), `rootId` what rrweb's getRootId answers for the document (undefined when its id is 1).
 */
export function fastSerializer(
  o: FastOptions,
  genId: () => number,
  ids: Map<number, Node>,
  rootId: number | undefined,
): FastSerializer {
  // rrweb checks `classList.contains(class)` then `matches(selector)`; one selector does both.
  const selector = (cls: unknown, sel: unknown) =>
    typeof cls === 'string' ? `.${cls}${sel ? `,${sel}` : ''}` : undefined;
  const blockSel = selector(o.blockClass, o.blockSelector);
  const maskSel = selector(o.maskTextClass, o.maskTextSelector);
  const usable = blockSel !== undefined && maskSel !== undefined && !o.maskTextFn && !o.inlineImages;
  // Most elements match neither: one matches() says so for both.
  const eitherSel = `${blockSel},${maskSel}`;
  /** The element element() just found to match neither selector (masks() is asked about it next). */
  let clear: Element | undefined;
  /** Tag name by the element's tagName: rrweb's lower-cased name, or '' for its serialiser. */
  const tags = new Map<string, string>();
  const anchor = document.createElement('a');
  let base = '';
  let urls = new Map<string, string>();
  const href = (v: string) => {
    anchor.setAttribute('href', v);
    return anchor.href;
  };
  /**
   * rrweb's absoluteToDoc, with the part before the fragment resolved once per snapshot: the
   * links of a page point into few documents (the index's 20,000 links into ~300 pages).
   */
  const absolute = (v: string): string => {
    if (!v.trim() || v.startsWith('blob:') || v.startsWith('data:')) return v;
    const hash = v.indexOf('#');
    if (hash >= 0 && !PLAIN_FRAGMENT.test(v.slice(hash))) return href(v);
    const head = hash < 0 ? v : v.slice(0, hash);
    let abs = urls.get(head);
    if (abs === undefined) urls.set(head, (abs = href(head)));
    return hash < 0 ? abs : abs + v.slice(hash);
  };
  /** rrweb's node with its id, in the mirror's id map as rrweb's mirror.add puts it (the walk sets its record). */
  const node = (n: Node, sn: Omit<SerializedNode, 'id'>): SerializedNode => {
    const out = sn as SerializedNode;
    out.id = genId();
    if (rootId !== undefined) (out as { rootId?: number }).rootId = rootId;
    ids.set(out.id, n);
    return out;
  };

  return {
    fresh() {
      if (document.baseURI !== base) (base = document.baseURI), (urls = new Map());
    },
    masks(el) {
      if (el === clear) return false;
      try {
        return el.matches(maskSel!);
      } catch {
        return undefined;
      }
    },
    text(t, needsMask) {
      if (!usable) return undefined;
      const s = t.data;
      return node(t, { type: TEXT, textContent: needsMask ? s.replace(/\S/g, '*') : s });
    },
    element(el) {
      if (!usable || el.namespaceURI !== HTML_NS || el.shadowRoot) return undefined;
      const upper = el.tagName;
      let tag = tags.get(upper);
      if (tag === undefined) {
        tag = upper.toLowerCase();
        // Not a plain name (rrweb makes it 'div'), a possible custom element, or one rrweb handles.
        if (!/^[a-z][a-z0-9]*$/.test(tag) || RRWEB_TAGS.test(tag)) tag = '';
        tags.set(upper, tag);
      }
      if (!tag) return undefined;
      try {
        clear = el.matches(eitherSel) ? undefined : el;
        if (!clear && el.matches(blockSel!)) return undefined;
      } catch {
        return undefined;
      }
      const attributes: Record<string, string | number> = {};
      if (el.hasAttributes())
        for (const name of el.getAttributeNames()) {
          // rrweb keys by the name as it is but transforms by its lower case: leave it those.
          if (/[^a-z0-9_-]/.test(name)) return undefined;
          let value = el.getAttribute(name)!;
          if (name === 'href' || name === 'src') value = value && absolute(value);
          else if (name === 'srcset' || name === 'background' || (name === 'style' && value.includes('url(')))
            return undefined;
          attributes[name] = value;
        }
      // As rrweb: an element's own scroll position (the root's is the window's, and in quirks
      // mode the body's). Only a box whose overflow is not visible scrolls: its computed style
      // says so at half the cost of asking for the two positions of every element. (If either
      // axis scrolls, a visible other axis computes to auto; clip does not scroll.)
      if (el === document.documentElement || el === document.body || getComputedStyle(el).overflowY !== 'visible') {
        const left = el.scrollLeft;
        if (left) attributes.rr_scrollLeft = left;
        const top = el.scrollTop;
        if (top) attributes.rr_scrollTop = top;
      }
      return node(el, { type: ELEMENT, tagName: tag, attributes, childNodes: [] });
    },
  };
}
