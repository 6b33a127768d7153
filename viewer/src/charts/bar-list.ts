import { h } from '../dom/h.ts';

export interface Bar {
  label: string;
  /** Shown under the label in small type, e.g. an element's text beside its name. */
  note?: string;
  value: number;
  /** The list behind the bar. */
  href: string;
}

/** Set through the CSSOM, which the Content-Security-Policy allows whatever its style-src says. */
function fill(percent: number): HTMLElement {
  const el = h('span', { class: 'bar-fill' });
  el.style.width = `${percent}%`;
  return el;
}

/**
 * A ranked list drawn as bars, for counts by category (event types, clicked elements). Plain
 * elements, not a canvas: each bar is a link, readable by screen readers and at any width.
 */
export function barList(
  caption: string,
  bars: readonly Bar[],
  format = (n: number) => n.toLocaleString(),
): HTMLElement {
  const max = Math.max(1, ...bars.map((b) => b.value));
  return h(
    'ol',
    { class: 'bar-list', 'aria-label': caption },
    bars.map((b) =>
      h(
        'li',
        null,
        h(
          'a',
          { href: b.href, class: 'bar-link', 'data-bar': b.label },
          h('span', { class: 'bar-label' }, b.label, b.note ? h('span', { class: 'bar-note' }, b.note) : null),
          h('span', { class: 'bar-value num' }, format(b.value)),
          h('span', { class: 'bar-track', 'aria-hidden': 'true' }, fill((100 * b.value) / max)),
        ),
      ),
    ),
  );
}
