import { h } from '../dom/h.ts';
import { dataTable } from '../ui/data-table.ts';
import type { DaySeries } from './day-series.ts';

const dayText = (day: string) => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' });
};

/**
 * The numbers behind a chart, a row per day with a link to that day's list: what a screen reader
 * reads and what a phone shows best. Folded away under the chart until asked for.
 */
export function dayTable(
  caption: string,
  data: DaySeries,
  hrefOf: (dayIndex: number) => string,
  format = (n: number) => n.toLocaleString(),
): HTMLElement {
  const headings = ['Day', ...data.series.map((s) => s.label)];
  const rows = data.days.map((day, i) =>
    h(
      'tr',
      { 'data-day': day },
      h('td', { 'data-label': 'Day' }, h('a', { href: hrefOf(i) }, dayText(day))),
      data.series.map((s) => h('td', { 'data-label': s.label, class: 'num' }, format(s.values[i]!))),
    ),
  );
  return h(
    'details',
    { class: 'day-table' },
    h('summary', null, `Numbers by day (${data.days.length})`),
    dataTable({ caption, headings, numeric: headings.slice(1), rows }),
  );
}
