import type { CallLogsOverview, SessionsOverview } from '@loupe/schemas';
import { withQuery } from '../api/query.ts';
import type { Page } from '../app-context.ts';
import { append, h } from '../dom/h.ts';
import { filterForm } from '../ui/filter-form.ts';
import { pageHead } from '../ui/page-head.ts';
import { errorState, loadingState } from '../ui/states.ts';
import { callLogCharts } from './overview/call-log-charts.ts';
import { apiRange, overviewRange } from './overview/overview-range.ts';
import { sessionsCharts } from './overview/sessions-charts.ts';

/**
 * Charts of the tenant's activity for a range of days, read from aggregate routes (GROUP BY in
 * ClickHouse), never from rows. Call-log charts only for roles that may read call logs.
 */
export const overviewPage: Page = (root, { ctx, query }) => {
  const range = overviewRange(query);
  const abort = new AbortController();
  const undo: (() => void)[] = [() => abort.abort()];
  const shown = new URLSearchParams({ from: range.from, to: range.to });
  const section = <T>(
    title: string,
    path: string,
    draw: (o: T) => { el: HTMLElement; destroy(): void },
  ): HTMLElement => {
    const body = h('div', null, loadingState('Counting…'));
    const load = () => {
      body.replaceChildren(loadingState('Counting…'));
      ctx.api.get<T>(path, apiRange(range), abort.signal).then(
        (o) => {
          const c = draw(o);
          undo.push(c.destroy);
          body.replaceChildren(c.el);
        },
        (e: unknown) => {
          if (!abort.signal.aborted) body.replaceChildren(errorState(e, load));
        },
      );
    };
    load();
    return h('section', { class: 'overview-section' }, h('h2', null, title), body);
  };
  append(root, [
    pageHead('Overview', 'What happened in these days, counted in ClickHouse. Every chart opens the list behind it.'),
    filterForm(
      [
        { kind: 'date', name: 'from', label: 'From' },
        { kind: 'date', name: 'to', label: 'To' },
      ],
      shown,
      (q) => ctx.navigate(withQuery('/overview', Object.fromEntries(q))),
    ),
    section<SessionsOverview>('Sessions', '/v1/overview/sessions', (o) => sessionsCharts(ctx, range, o)),
    ctx.can('callLogs')
      ? section<CallLogsOverview>('Call logs', '/v1/overview/call-logs', (o) => callLogCharts(ctx, range, o))
      : null,
  ]);
  return () => {
    for (const u of undo) u();
  };
};
