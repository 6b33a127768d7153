import { WIRE_LIMITS } from '@loupe/schemas/wire';

/** The collector's limit for identifiers. */
const MAX_ID = WIRE_LIMITS.idLength;
/** Ancestors a selector names before it gets too long to read. */
const SELECTOR_DEPTH = 3;

const clean = (s: string) =>
  s
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the pattern exists to strip or refuse control characters
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .trim()
    .slice(0, MAX_ID);

/** The element an event is about: events on text nodes belong to their parent element. */
export function elementOf(target: EventTarget | Node | null): Element | null {
  const node = target as Node | null;
  if (!node || typeof node.nodeType !== 'number') return null;
  return node.nodeType === 1 ? (node as Element) : node.parentElement;
}

function step(el: Element): string {
  let s = el.localName;
  const classes = [...el.classList].filter((c) => !c.startsWith('loupe-')).slice(0, 2);
  if (classes.length) s += `.${classes.join('.')}`;
  const parent = el.parentElement;
  if (parent) {
    const same = [...parent.children].filter((c) => c.localName === el.localName);
    if (same.length > 1) s += `:nth-of-type(${same.indexOf(el) + 1})`;
  }
  return s;
}

/** A short selector: up to three steps, anchored at the nearest ancestor with an id. */
function shortSelector(el: Element): string {
  const steps: string[] = [];
  for (let e: Element | null = el; e && steps.length < SELECTOR_DEPTH; e = e.parentElement) {
    if (e !== el && e.id) {
      steps.unshift(`#${e.id}`);
      break;
    }
    if (e.localName === 'body' || e.localName === 'html') {
      steps.unshift(e.localName);
      break;
    }
    steps.unshift(step(e));
  }
  return steps.join(' > ');
}

/** Names an element as the co-browse log does (seed 002): its name or id, else a short selector. */
export function targetName(el: Element): string {
  const name = clean(el.getAttribute('name') ?? '');
  if (name) return name;
  if (el.id) return clean(`#${el.id}`);
  return clean(shortSelector(el)) || el.localName;
}
