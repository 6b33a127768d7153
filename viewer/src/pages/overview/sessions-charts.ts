import type { SessionsOverview } from '@loupe/schemas';
import type { AppContext } from '../../app-context.ts';
import { barList } from '../../charts/bar-list.ts';
import { chartCard } from '../../charts/chart-card.ts';
import { daySeries } from '../../charts/day-series.ts';
import { dayTable } from '../../charts/day-table.ts';
import { timeChart } from '../../charts/time-chart.ts';
import { h } from '../../dom/h.ts';
import { emptyState } from '../../ui/states.ts';
import { COBROWSE_LABELS } from '../../vocabulary.ts';
import { sessionsHref, type OverviewRange } from './overview-range.ts';

/** Sessions per day, co-browse events by type and the most clicked elements, each linked to its sessions. */
export function sessionsCharts(ctx: AppContext, r: OverviewRange, o: SessionsOverview) {
  const perDay = daySeries(
    o.sessionsPerDay,
    (d) => d.day,
    () => 'Sessions',
    (d) => d.sessions,
  );
  const dayHref = (i: number) => sessionsHref(perDay.days[i]!, perDay.days[i]!);
  const chart = timeChart({
    label: `Sessions per day, ${perDay.days.length} days with sessions`,
    data: perDay,
    onPick: (i) => ctx.navigate(dayHref(i)),
  });
  const total = o.sessionsPerDay.reduce((n, d) => n + d.sessions, 0);
  const cards = [
    chartCard(
      {
        id: 'sessions-per-day',
        title: 'Sessions per day',
        intro: `${total.toLocaleString()} sessions started in these days. Click a day to list its sessions.`,
        listHref: sessionsHref(r.from, r.to),
        listLabel: 'Open these sessions',
      },
      perDay.days.length
        ? [chart.el, dayTable('Sessions per day', perDay, dayHref)]
        : emptyState('No sessions in these days.'),
    ),
    chartCard(
      {
        id: 'events-by-type',
        title: 'Co-browse events by type',
        intro: 'Events of the sessions started in these days. Each bar opens the sessions that have one.',
      },
      o.eventsByType.length
        ? barList(
            'Co-browse events by type',
            o.eventsByType.map((e) => ({
              label: COBROWSE_LABELS[e.type],
              value: e.events,
              href: sessionsHref(r.from, r.to, { eventType: e.type }),
            })),
          )
        : emptyState('No co-browse events in these days.'),
    ),
    chartCard(
      {
        id: 'top-clicks',
        title: 'Top clicked elements',
        intro: 'The elements clicked most, by name or id. Each bar opens the sessions with clicks on it.',
      },
      o.topClicks.length
        ? barList(
            'Top clicked elements',
            o.topClicks.map((c) => ({
              label: c.target,
              note: c.text && c.text !== c.target ? c.text : undefined,
              value: c.clicks,
              href: sessionsHref(r.from, r.to, { clickText: c.target }),
            })),
          )
        : emptyState('No clicks in these days.'),
    ),
  ];
  return { el: h('div', { class: 'chart-grid' }, cards), destroy: () => chart.destroy() };
}
