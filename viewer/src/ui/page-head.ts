import { h, type Child } from '../dom/h.ts';

/** A page's heading: its title, a line on what it is for, and what sits beside them (links, actions). */
export function pageHead(title: string, intro: string, ...beside: Child[]): HTMLElement {
  return h(
    'div',
    { class: 'page-head' },
    h('div', null, h('h1', null, title), h('p', { class: 'muted' }, intro)),
    ...beside,
  );
}
