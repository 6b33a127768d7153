import type { Page } from '@loupe/schemas';
import { h, replace, type Child } from '../dom/h.ts';
import { emptyState, errorState, loadingState } from './states.ts';

export interface Column<T> {
  label: string;
  cell: (item: T) => Child;
  class?: string;
}

export interface PagedTableOptions<T> {
  caption: string;
  columns: readonly Column<T>[];
  /** One page after `cursor` (the previous page's `next`). */
  load: (cursor: string | undefined, signal: AbortSignal) => Promise<Page<T>>;
  empty: string;
  /** Rows become selectable (click or Enter) when given. */
  onSelect?: (item: T) => void;
  /** Called after each page arrives, with every item so far. */
  onItems?: (items: readonly T[]) => void;
}

export interface PagedTable {
  el: HTMLElement;
  destroy(): void;
}

/**
 * A table read page by page with keyset cursors, newest first, with "Load more". On a phone each
 * row turns into a card whose cells carry their column's name (`data-label`).
 */
export function pagedTable<T>(o: PagedTableOptions<T>): PagedTable {
  const abort = new AbortController();
  const items: T[] = [];
  let next: string | null = null;
  const tbody = h('tbody');
  const table = h(
    'table',
    { class: `data-table${o.onSelect ? ' selectable' : ''}` },
    h('caption', { class: 'visually-hidden' }, o.caption),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        o.columns.map((c) => h('th', { scope: 'col', class: c.class }, c.label)),
      ),
    ),
    tbody,
  );
  const status = h('div', { class: 'table-status' });
  const more = h(
    'button',
    { type: 'button', class: 'button-secondary load-more', hidden: true, on: { click: () => void loadPage() } },
    'Load more',
  );
  const el = h('div', { class: 'paged-table' }, h('div', { class: 'table-scroll' }, table), status, more);
  let selected: HTMLTableRowElement | null = null;

  const rowOf = (item: T) => {
    const tr = h(
      'tr',
      o.onSelect ? { tabindex: 0 } : null,
      o.columns.map((c) => h('td', { 'data-label': c.label, class: c.class }, c.cell(item))),
    );
    if (o.onSelect) {
      const choose = () => {
        selected?.classList.remove('selected');
        selected?.removeAttribute('aria-selected');
        selected = tr;
        tr.classList.add('selected');
        tr.setAttribute('aria-selected', 'true');
        o.onSelect!(item);
      };
      tr.addEventListener('click', (e) => {
        // A link inside the row does its own thing.
        if (!(e.target as Element).closest('a, button')) choose();
      });
      tr.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          choose();
        }
      });
    }
    return tr;
  };

  async function loadPage(): Promise<void> {
    more.hidden = true;
    replace(status, loadingState(items.length ? 'Loading more…' : 'Loading…'));
    table.hidden = items.length === 0;
    try {
      const page = await o.load(next ?? undefined, abort.signal);
      items.push(...page.items);
      for (const item of page.items) tbody.appendChild(rowOf(item));
      next = page.next;
      table.hidden = items.length === 0;
      replace(
        status,
        items.length === 0
          ? emptyState(o.empty)
          : h('span', { class: 'muted count' }, `${items.length} shown${next ? '' : ', no more'}`),
      );
      more.hidden = next === null;
      o.onItems?.(items);
    } catch (e) {
      if (abort.signal.aborted) return;
      replace(
        status,
        errorState(e, () => void loadPage()),
      );
    }
  }

  void loadPage();
  return { el, destroy: () => abort.abort() };
}
