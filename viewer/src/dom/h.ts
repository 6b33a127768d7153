import { isSafeHref } from './safe-url.ts';

export type Child = Node | string | number | null | undefined | false | readonly Child[];

type Listeners = { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };

export interface Props {
  class?: string;
  /** Listeners are added with addEventListener: the CSP forbids handler attributes. */
  on?: Listeners;
  [attribute: string]: string | number | boolean | null | undefined | Listeners;
}

/** Attributes that are better set as properties, since the attribute only gives the initial value. */
const PROPERTIES = new Set(['value', 'checked', 'disabled', 'selected', 'hidden', 'indeterminate']);
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href']);

/**
 * Builds an element. Every string child becomes a text node, so data is never parsed as HTML;
 * handler attributes (`onclick=`) are refused and link targets must be http(s) or in-app paths.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: Props | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props) setProps(el, props);
  append(el, children);
  return el;
}

function setProps(el: HTMLElement, props: Props): void {
  for (const [name, value] of Object.entries(props)) {
    if (name === 'on') {
      for (const [type, listener] of Object.entries(value as Listeners))
        el.addEventListener(type, listener as EventListener);
      continue;
    }
    if (value === null || value === undefined || value === false) continue;
    if (/^on/i.test(name)) throw new Error(`h(): handler attribute ${name} is not allowed; use "on"`);
    if (PROPERTIES.has(name)) {
      (el as unknown as Record<string, unknown>)[name] = value;
      // The default too, so that form.reset() comes back to what was built.
      if (name === 'checked') (el as HTMLInputElement).defaultChecked = Boolean(value);
      if (name === 'selected') (el as HTMLOptionElement).defaultSelected = Boolean(value);
      if (name === 'value' && el instanceof HTMLInputElement) el.defaultValue = String(value);
      continue;
    }
    const text = value === true ? '' : String(value);
    if (URL_ATTRIBUTES.has(name) && !isSafeHref(text)) continue;
    el.setAttribute(name === 'class' ? 'class' : name, text);
  }
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(parent, c);
    else if (c instanceof Node) parent.appendChild(c);
    else parent.appendChild(document.createTextNode(String(c)));
  }
}

/** Replaces an element's content. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}
