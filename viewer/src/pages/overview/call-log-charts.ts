import type { CallLogsOverview } from '@loupe/schemas';
import type { AppContext } from '../../app-context.ts';
import { chartCard } from '../../charts/chart-card.ts';
import { daySeries, type DaySeries } from '../../charts/day-series.ts';
import { dayTable } from '../../charts/day-table.ts';
import { timeChart } from '../../charts/time-chart.ts';
import { h } from '../../dom/h.ts';
import { emptyState } from '../../ui/states.ts';
import { callLogsHref, type OverviewRange } from './overview-range.ts';

const percentText = (p: number) => `${p.toFixed(1)}%`;

/**
 * Call-log errors over time: the share of calls that failed, and errors per bot and per
 * integration (application). Every day and every series links to the call logs behind it.
 */
export function callLogCharts(ctx: AppContext, r: OverviewRange, o: CallLogsOverview) {
  const charts: { destroy(): void }[] = [];
  const calls = o.callsPerDay.reduce((n, d) => n + d.calls, 0);
  const errors = o.callsPerDay.reduce((n, d) => n + d.errors, 0);
  const share: DaySeries = {
    days: o.callsPerDay.map((d) => d.day),
    series: [{ label: 'Error calls', values: o.callsPerDay.map((d) => (d.calls ? (100 * d.errors) / d.calls : 0)) }],
  };

  /** One chart card over days, its points and table rows linking to `href(day, series)`. */
  const card = (
    id: string,
    title: string,
    intro: string,
    data: DaySeries,
    href: (day: string, series?: string) => string,
    unit: 'count' | 'percent' = 'count',
  ) => {
    if (!data.days.length) return chartCard({ id, title, intro }, emptyState('No errors in these days.'));
    const chart = timeChart({ label: title, data, unit, onPick: (i) => ctx.navigate(href(data.days[i]!)) });
    charts.push(chart);
    const seriesLinks =
      data.series.length > 1 || data.series[0]?.label !== 'Error calls'
        ? h(
            'ul',
            { class: 'series-links' },
            data.series
              .filter((s) => s.label !== 'Others')
              .map((s) => h('li', null, h('a', { href: href('', s.label), 'data-series': s.label }, s.label))),
          )
        : null;
    const fmt = unit === 'percent' ? percentText : undefined;
    return chartCard(
      { id, title, intro, listHref: href(''), listLabel: 'Open these errors' },
      chart.el,
      seriesLinks,
      dayTable(title, data, (i) => href(data.days[i]!), fmt),
    );
  };

  /** A day ('' for the whole range) and a series as the call-log list's filters. */
  const errorsOn = (key?: 'bot' | 'application') => (day: string, series?: string) =>
    callLogsHref(day || r.from, day || r.to, { status: 'error', ...(key && series ? { [key]: series } : {}) });

  const cards = [
    card(
      'error-share',
      'Share of error calls',
      calls
        ? `${percentText((100 * errors) / calls)} of ${calls.toLocaleString()} calls failed (${errors.toLocaleString()}).`
        : 'No calls in these days.',
      calls ? share : { days: [], series: [] },
      errorsOn(),
      'percent',
    ),
    card(
      'errors-by-bot',
      'Errors per bot',
      'Failed calls per day, for the bots with the most.',
      daySeries(
        o.errorsByBot,
        (e) => e.day,
        (e) => e.bot || '(no bot)',
        (e) => e.errors,
      ),
      errorsOn('bot'),
    ),
    card(
      'errors-by-integration',
      'Errors per integration',
      'Failed calls per day, by the application called.',
      daySeries(
        o.errorsByApplication,
        (e) => e.day,
        (e) => e.application || '(none)',
        (e) => e.errors,
      ),
      errorsOn('application'),
    ),
  ];
  return {
    el: h('div', { class: 'chart-grid' }, cards),
    destroy: () => {
      for (const c of charts) c.destroy();
    },
  };
}
