import { h, type Child } from '../dom/h.ts';

/** A chart's frame: a heading, a line on what it counts, the link to the list behind it, and the chart. */
export function chartCard(
  opts: { id: string; title: string; intro: string; listHref?: string; listLabel?: string },
  ...body: Child[]
) {
  return h(
    'section',
    { class: 'card chart-card', 'data-chart': opts.id, 'aria-labelledby': `chart-${opts.id}` },
    h(
      'div',
      { class: 'chart-head' },
      h('div', null, h('h2', { id: `chart-${opts.id}` }, opts.title), h('p', { class: 'muted small' }, opts.intro)),
      opts.listHref
        ? h('a', { href: opts.listHref, class: 'chart-list-link' }, opts.listLabel ?? 'Open the list')
        : null,
    ),
    ...body,
  );
}
