import { h } from '../dom/h.ts';

export interface DataTableSpec {
  /** Read by screen readers only: what the rows are. */
  caption: string;
  /** Column headings; an empty one for a column of buttons. */
  headings: readonly string[];
  /** Headings whose column holds numbers (right-aligned). */
  numeric?: readonly string[];
  /** Extra class on the table, beside `data-table`. */
  class?: string;
  rows: readonly HTMLTableRowElement[];
}

/** A whole (not paged) table of rows that scrolls sideways on narrow screens. */
export function dataTable(spec: DataTableSpec): HTMLElement {
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: spec.class ? `data-table ${spec.class}` : 'data-table' },
      h('caption', { class: 'visually-hidden' }, spec.caption),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          spec.headings.map((l) => h('th', { scope: 'col', class: spec.numeric?.includes(l) ? 'num' : undefined }, l)),
        ),
      ),
      h('tbody', null, spec.rows),
    ),
  );
}
