import { describeError } from '../api/api-client.ts';
import type { ArchiveResult, ArchiveRun, Page as ApiPage } from '@loupe/schemas';
import type { AppContext } from '../app-context.ts';
import { h, replace } from '../dom/h.ts';
import { formatMonth } from '../format.ts';
import { dataTable } from '../ui/data-table.ts';
import { emptyState, errorState, loadingState, notice } from '../ui/states.ts';
import { timeText } from '../ui/time-text.ts';
import { ARCHIVE_STATE_LABELS, ARCHIVED_TABLE_LABELS } from '../vocabulary.ts';

const STATE_BADGE: Record<ArchiveRun['state'], string> = {
  exporting: 'badge-update',
  exported: 'badge-update',
  done: 'badge-success',
  abandoned: 'badge-error',
};

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

function runTable(items: readonly ArchiveRun[]): HTMLElement {
  const row = (r: ArchiveRun) =>
    h(
      'tr',
      { 'data-table': r.table, 'data-state': r.state },
      // Cell contents in one span each: on a phone a cell is a two-column grid (name, value).
      h(
        'td',
        { 'data-label': 'Records' },
        h('span', null, ARCHIVED_TABLE_LABELS[r.table] ?? r.table, ' ', h('code', { class: 'muted small' }, r.table)),
      ),
      h('td', { 'data-label': 'Month', class: 'nowrap' }, formatMonth(r.month)),
      h(
        'td',
        { 'data-label': 'State' },
        h(
          'span',
          null,
          h('span', { class: `badge ${STATE_BADGE[r.state] ?? ''}` }, ARCHIVE_STATE_LABELS[r.state] ?? r.state),
        ),
      ),
      h('td', { 'data-label': 'Rows', class: 'num' }, r.rows.toLocaleString()),
      h('td', { 'data-label': 'Started', class: 'nowrap' }, timeText(r.startedAt)),
      h('td', { 'data-label': 'Updated', class: 'nowrap' }, timeText(r.updatedAt)),
    );
  return dataTable({
    caption: 'Archiving runs, newest first',
    headings: ['Records', 'Month', 'State', 'Rows', 'Started', 'Updated'],
    numeric: ['Rows'],
    rows: items.map(row),
  });
}

/** What a run did, in one sentence: months and rows moved, or that nothing was due. */
function runSummary(r: ArchiveResult): string {
  if (r.archived.length === 0)
    return 'Nothing was due: no month is older than the archiving period, or archiving is off (0 months).';
  const rows = r.archived.reduce((n, a) => n + a.rows, 0);
  return `Archived ${plural(r.archived.length, 'table month')} (${plural(rows, 'row')}).`;
}

/**
 * Seed 000's archiving as it happened: the last run and the runs before it (one row per table and
 * month, newest first), and a button that runs it now instead of at the next hourly run.
 */
export function archiveRunsSection(ctx: AppContext): { el: HTMLElement; destroy(): void } {
  let alive = true;
  const last = h('p', { class: 'last-run', 'data-testid': 'last-run', hidden: true });
  const list = h('div', { class: 'archive-run-list' }, loadingState('Loading archiving runs…'));
  const status = h('div', { class: 'form-status', 'aria-live': 'polite' });
  const runButton = h(
    'button',
    { type: 'button', class: 'button-secondary', on: { click: () => void runNow() } },
    'Run archiving now',
  );

  async function refresh(): Promise<void> {
    replace(list, loadingState('Loading archiving runs…'));
    try {
      const { items } = await ctx.api.get<ApiPage<ArchiveRun>>('/v1/archive/runs');
      if (!alive) return;
      const newest = items[0];
      last.hidden = !newest;
      if (newest) replace(last, h('strong', null, 'Last run: '), timeText(newest.updatedAt));
      replace(list, newest ? runTable(items) : emptyState('Never run: no month has been archived yet.'));
    } catch (e) {
      if (alive)
        replace(
          list,
          errorState(e, () => void refresh()),
        );
    }
  }

  async function runNow(): Promise<void> {
    runButton.disabled = true;
    replace(status, loadingState('Archiving… this can take a while for many months.'));
    try {
      const result = await ctx.api.send<ArchiveResult>('POST', '/v1/archive/run');
      if (!alive) return;
      replace(status, notice('ok', runSummary(result)));
      await refresh();
    } catch (e) {
      if (alive) replace(status, notice('error', describeError(e)));
    } finally {
      runButton.disabled = false;
    }
  }

  const el = h(
    'section',
    { class: 'card archive-runs', 'aria-labelledby': 'archive-runs-title', 'data-testid': 'archive-runs' },
    h('div', { class: 'section-head' }, h('h2', { id: 'archive-runs-title' }, 'Archiving'), runButton),
    h(
      'p',
      { class: 'muted' },
      'Archiving runs every hour and moves each month older than the period above to the archive, table by table. Runs are listed newest first.',
    ),
    last,
    status,
    list,
  );
  void refresh();
  return {
    el,
    destroy: () => {
      alive = false;
    },
  };
}
