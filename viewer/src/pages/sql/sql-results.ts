import { h } from '../../dom/h.ts';
import { dataTable } from '../../ui/data-table.ts';
import { cellText, resultCsv, type SqlResult } from './sql-result.ts';

/** Rows drawn at most; the CSV has all the route returned (up to its 10,000). */
const SHOWN_ROWS = 500;

/** A result as a table with its count and a CSV download of every row returned. */
export function sqlResults(r: SqlResult): { el: HTMLElement; destroy(): void } {
  // An object URL lives until revoked: revoked when the next result replaces this one.
  const url = URL.createObjectURL(new Blob([resultCsv(r)], { type: 'text/csv;charset=utf-8' }));
  const download = h(
    'a',
    { class: 'button-secondary', download: 'query-result.csv', 'data-testid': 'sql-csv' },
    'Download CSV',
  );
  // Set as a property: h() builds links from http(s) and in-app URLs only, and this blob: URL is our own.
  download.href = url;
  const count = `${r.items.length.toLocaleString()} ${r.items.length === 1 ? 'row' : 'rows'}`;
  const rows = r.items.slice(0, SHOWN_ROWS).map((row) =>
    h(
      'tr',
      null,
      r.columns.map((c) => h('td', { 'data-label': c.name }, cellText(row[c.name]))),
    ),
  );
  const el = h(
    'section',
    { class: 'sql-results', 'aria-label': 'Result' },
    h(
      'div',
      { class: 'sql-results-head' },
      h(
        'p',
        { class: 'count', role: 'status', 'data-testid': 'sql-count' },
        count,
        r.truncated ? ' (cut off: the route returns at most 10,000; add a LIMIT or aggregate)' : '',
        r.items.length > SHOWN_ROWS ? `, the first ${SHOWN_ROWS} shown` : '',
      ),
      download,
    ),
    r.columns.length
      ? dataTable({
          caption: 'Query result',
          headings: r.columns.map((c) => c.name),
          numeric: r.columns.filter((c) => /^(Nullable\()?(U?Int|Float|Decimal)/.test(c.type)).map((c) => c.name),
          class: 'sql-table',
          rows,
        })
      : null,
  );
  return { el, destroy: () => URL.revokeObjectURL(url) };
}
