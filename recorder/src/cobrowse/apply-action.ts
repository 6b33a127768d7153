/** What the agent asked for, as the page's stream sends it (AgentAction in @loupe/schemas). */
export interface ActionMessage {
  requestId: string;
  actionId: string;
  kind: 'click' | 'input' | 'scroll';
  nodeId: number;
  value?: string;
  x?: number;
  y?: number;
}

/** Elements a site keeps from the agent: this attribute on them or an ancestor, or its own selector. */
const NO_AGENT = '[data-loupe-no-agent]';
/** Payment fields by their autocomplete token (cc-number, cc-csc, cc-exp...). */
const PAYMENT = /(^|\s)cc-/i;

type Field = HTMLInputElement | HTMLTextAreaElement;

/**
 * Why the agent may not do this here, or '' when it may: a short code the live view words
 * (cobrowse-controls.ts), since every byte of this chunk is downloaded by the customer's page.
 */
export function refusal(el: Element, m: ActionMessage, noTouch: string | undefined): string {
  if (el.closest(NO_AGENT) || (noTouch && el.closest(noTouch))) return 'no-touch';
  if (m.kind !== 'input') return '';
  const f = el as Field;
  if (!(f instanceof HTMLInputElement || f instanceof HTMLTextAreaElement) || f.disabled || f.readOnly)
    return 'not-a-field';
  if (f.type === 'password' || el.hasAttribute('data-rr-is-password') || PAYMENT.test(f.autocomplete))
    return 'secret-field';
  return '';
}

/**
 * Applies an agent's action to the real element, as the page's own code expects it: a click as
 * `click()`, typing as the field's value (through the prototype's setter, which frameworks that
 * track values listen to) plus an `input` event, a scroll as `scrollTo`. The typing's `input`
 * event carries `data-loupe-ignore` while it is dispatched, so the customer's recorder does not
 * log the agent's typing as the customer's (the agent's INPUT is logged, flagged, by the collector).
 */
export function apply(el: Element, m: ActionMessage): void {
  if (m.kind === 'click') (el as HTMLElement).click();
  else if (m.kind === 'scroll') {
    const page = el === document.documentElement || el === document.body || (el as Node) === document;
    (page ? window : el).scrollTo(m.x ?? 0, m.y ?? 0);
  } else {
    const f = el as Field;
    const proto = Object.getPrototypeOf(f) as object;
    Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(f, m.value ?? '');
    const had = f.hasAttribute('data-loupe-ignore');
    if (!had) f.setAttribute('data-loupe-ignore', '');
    try {
      f.dispatchEvent(new Event('input', { bubbles: true }));
      f.dispatchEvent(new Event('change', { bubbles: true }));
    } finally {
      if (!had) f.removeAttribute('data-loupe-ignore');
    }
  }
}
