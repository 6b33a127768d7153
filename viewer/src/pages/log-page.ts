import { pageHead } from '../ui/page-head.ts';
import type { Query } from '../api/query.ts';
import { withQuery } from '../api/query.ts';
import type { Page as ApiPage } from '@loupe/schemas';
import type { AppContext, Page } from '../app-context.ts';
import { h, type Child } from '../dom/h.ts';
import { detailPane } from '../ui/detail-pane.ts';
import { filterForm, type FieldSpec } from '../ui/filter-form.ts';
import { pagedTable, type Column } from '../ui/paged-table.ts';
import { copyRowLink, openLinkedRow } from './log-row-link.ts';

export interface LogPageSpec<T> {
  title: string;
  intro: string;
  /** The collector's read path; its export is the same path + `/export.csv`. */
  apiPath: string;
  /** The filters; given the context where a filter's choices are loaded from the API. */
  fields: readonly FieldSpec[] | ((ctx: AppContext) => readonly FieldSpec[]);
  /** The address bar's filters as the API's query. */
  toApiQuery: (q: URLSearchParams) => Query;
  columns: readonly Column<T>[];
  detail: (item: T) => { title: string; content: Child };
  empty: string;
  /** Extra nodes next to the filters, fed with the rows seen (e.g. a bot name list). */
  extras?: (items: readonly T[]) => Node | null;
  /** A panel of its own between the heading and the filters (e.g. integrations to reauthorise). */
  panel?: (ctx: AppContext) => { el: HTMLElement; destroy(): void };
}

/**
 * A log page: the seed's filters, newest first with "Load more", a detail pane, and an Export
 * button that downloads the CSV for exactly the filters shown (admins only: exports need it).
 */
export function logPage<T>(spec: LogPageSpec<T>): Page {
  return (root, { ctx, query }) => {
    const apiQuery = spec.toApiQuery(query);
    const pane = detailPane('Select a row to see all of it.');
    const apply = (q: URLSearchParams) => ctx.navigate(withQuery(location.pathname, Object.fromEntries(q)));
    const exportLink = ctx.can('admin')
      ? h(
          'a',
          {
            class: 'button-secondary export',
            // bom=1: a UTF-8 byte-order mark, so Excel and LibreOffice open `Zürich — ñ` as written.
            href: withQuery(`${spec.apiPath}/export.csv`, { ...apiQuery, bom: '1' }),
            download: '',
            'data-testid': 'export',
          },
          'Export CSV',
        )
      : null;
    const extrasSlot = h('div', { class: 'extras' });
    const showItem = (item: T) => {
      const d = spec.detail(item);
      const id = (item as { id?: unknown }).id;
      pane.show(d.title, typeof id === 'string' ? [copyRowLink(id), d.content] : d.content);
    };
    // A deep link (`?id=`, e.g. from the integrity page) opens its row's detail pane at once.
    const linked = new AbortController();
    const linkedId = query.get('id');
    if (linkedId) openLinkedRow(ctx, spec.apiPath, linkedId, pane, showItem, linked.signal);
    const table = pagedTable<T>({
      caption: spec.title,
      columns: spec.columns,
      empty: spec.empty,
      load: (cursor, signal) => ctx.api.get<ApiPage<T>>(spec.apiPath, { ...apiQuery, cursor, limit: 100 }, signal),
      onSelect: showItem,
      onItems: (items) => {
        const extra = spec.extras?.(items);
        if (extra) extrasSlot.replaceChildren(extra);
      },
    });
    const panel = spec.panel?.(ctx);
    root.append(
      pageHead(spec.title, spec.intro, exportLink),
      ...(panel ? [panel.el] : []),
      filterForm(typeof spec.fields === 'function' ? spec.fields(ctx) : spec.fields, query, apply),
      extrasSlot,
      h('div', { class: 'split' }, table.el, pane.el),
    );
    return () => {
      linked.abort();
      table.destroy();
      panel?.destroy();
    };
  };
}
