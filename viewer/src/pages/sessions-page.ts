import { pageHead } from '../ui/page-head.ts';
import type { CobrowseType } from '@loupe/schemas';
import { withQuery } from '../api/query.ts';
import type { Page as ApiPage, SessionItem } from '@loupe/schemas';
import type { Page } from '../app-context.ts';
import { h } from '../dom/h.ts';
import { clip, formatDuration, formatTime } from '../format.ts';
import { isRecent, replayPath, type ReplayState } from '../replay/session-links.ts';
import { filterForm } from '../ui/filter-form.ts';
import { pagedTable } from '../ui/paged-table.ts';
import { localTimeToIso } from '../ui/time-range.ts';
import { CLICK_ISSUE_FILTERS } from '../replay/click-issue-markers.ts';
import { COBROWSE_LABELS, keysOf } from '../vocabulary.ts';

const seconds = (v: string | null) => (v && Number.isFinite(Number(v)) ? Math.round(Number(v) * 1000) : undefined);

function eventSummary(s: SessionItem): string {
  const parts = keysOf(COBROWSE_LABELS)
    .filter((t: CobrowseType) => (s.eventCounts[t] ?? 0) > 0)
    .map((t) => `${s.eventCounts[t]} ${COBROWSE_LABELS[t].toLowerCase()}`);
  return parts.length ? parts.join(' · ') : 'no events';
}

/**
 * Recorded sessions, newest first, filtered by time, user (name or id), page, clicked text, agent,
 * duration, event type, and rage or dead clicks; every filter is in the address, so a link repeats the search.
 */
export const sessionsPage: Page = (root, { ctx, query }) => {
  const open = (s: SessionItem) =>
    ctx.navigate(replayPath(s.sessionId), { state: { session: s } satisfies ReplayState });
  const table = pagedTable<SessionItem>({
    caption: 'Sessions',
    empty: 'No sessions match these filters.',
    load: (cursor, signal) =>
      ctx.api.get<ApiPage<SessionItem>>(
        '/v1/sessions',
        {
          from: localTimeToIso(query.get('from')),
          to: localTimeToIso(query.get('to')),
          // `userId` is what links made before the name search carry: still an exact id.
          userId: query.get('userId'),
          user: query.get('user'),
          url: query.get('url'),
          clickText: query.get('clickText'),
          rageClicks: query.get('rageClicks'),
          deadClicks: query.get('deadClicks'),
          hasAgent: query.get('hasAgent'),
          minDurationMs: seconds(query.get('minDuration')),
          maxDurationMs: seconds(query.get('maxDuration')),
          eventType: query.get('eventType'),
          cursor,
          limit: 50,
        },
        signal,
      ),
    onSelect: open,
    columns: [
      {
        label: 'Started',
        class: 'nowrap',
        cell: (s) =>
          h(
            'a',
            {
              href: replayPath(s.sessionId),
              class: 'session-link',
              'data-session': s.sessionId,
              on: {
                click: (e: MouseEvent) => {
                  if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
                  e.preventDefault();
                  open(s);
                },
              },
            },
            formatTime(s.startedAt),
          ),
      },
      { label: 'Duration', cell: (s) => formatDuration(s.durationMs), class: 'num' },
      {
        label: 'User',
        cell: (s) =>
          s.user
            ? s.user.name
              ? `${s.user.name} (${s.user.id})`
              : s.user.id
            : h('span', { class: 'muted' }, 'anonymous'),
      },
      { label: 'Entry page', cell: (s) => h('span', { class: 'url', title: s.entryUrl }, clip(s.entryUrl || '—', 60)) },
      { label: 'Pages', cell: (s) => String(s.pages.length), class: 'num' },
      { label: 'Events', cell: (s) => h('span', { class: 'small' }, eventSummary(s)) },
      {
        label: 'Flags',
        cell: (s) => [
          s.hasAgent ? h('span', { class: 'badge badge-agent' }, 'Agent') : null,
          isRecent(s)
            ? h(
                'span',
                { class: 'badge badge-live', title: 'Active in the last five minutes: it may still be recording' },
                'Active',
              )
            : null,
        ],
      },
    ],
  });
  const apply = (q: URLSearchParams) => ctx.navigate(withQuery('/sessions', Object.fromEntries(q)));
  root.append(
    pageHead('Sessions', 'Recorded visits to your site, newest first. Open one to replay it.'),
    filterForm(
      [
        { kind: 'datetime', name: 'from', label: 'From' },
        { kind: 'datetime', name: 'to', label: 'To' },
        { kind: 'text', name: 'user', label: 'User', placeholder: 'Name or id' },
        { kind: 'text', name: 'url', label: 'Page URL contains', placeholder: '/checkout' },
        { kind: 'text', name: 'clickText', label: 'Clicked text', placeholder: 'Pay now' },
        ...CLICK_ISSUE_FILTERS,
        {
          kind: 'select',
          name: 'hasAgent',
          label: 'Agent present',
          options: [
            ['', 'Either'],
            ['true', 'Yes'],
            ['false', 'No'],
          ],
        },
        { kind: 'number', name: 'minDuration', label: 'Min duration (s)', min: 0 },
        { kind: 'number', name: 'maxDuration', label: 'Max duration (s)', min: 0 },
        {
          kind: 'select',
          name: 'eventType',
          label: 'Has event',
          options: [['', 'Any'], ...keysOf(COBROWSE_LABELS).map((t) => [t, COBROWSE_LABELS[t]] as const)],
        },
      ],
      query,
      apply,
    ),
    table.el,
  );
  return () => table.destroy();
};
