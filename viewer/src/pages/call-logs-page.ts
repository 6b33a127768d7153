import type { CallLogFacets, CallLogItem } from '@loupe/schemas';
import type { AppContext } from '../app-context.ts';
import { h } from '../dom/h.ts';
import { clip, formatDuration } from '../format.ts';
import { fieldList, textBlock } from '../ui/detail-pane.ts';
import { dayToIso } from '../ui/time-range.ts';
import { CALL_METHOD_LABELS, keysOf } from '../vocabulary.ts';
import { logPage } from './log-page.ts';
import { reauthPanel } from './reauth-panel.ts';
import { timeText } from '../ui/time-text.ts';

const statusBadge = (c: CallLogItem) =>
  h(
    'span',
    { class: `badge badge-${c.status}`, 'data-status': c.status },
    `${c.status === 'success' ? 'Success' : 'Error'} ${c.statusCode}`,
  );

/** The account's bots and applications, asked once per visit for both lists. */
function facetsOf(ctx: AppContext): () => Promise<CallLogFacets> {
  let asked: Promise<CallLogFacets> | undefined;
  return () => {
    asked ??= ctx.api.get<CallLogFacets>('/v1/call-logs/facets');
    return asked;
  };
}

/** Seed 001's call logs: one row per integration call, with the request as curl and the response body. */
export const callLogsPage = logPage<CallLogItem>({
  title: 'Call logs',
  intro: 'Every integration call of your bots and agents, kept for the retention period set in Settings.',
  apiPath: '/v1/call-logs',
  fields: (ctx) => {
    const facets = facetsOf(ctx);
    return [
      {
        kind: 'select',
        name: 'status',
        label: 'Response status',
        options: [
          ['', 'Success or error'],
          ['success', 'Success'],
          ['error', 'Error'],
        ],
      },
      {
        kind: 'select',
        name: 'method',
        label: 'Request type',
        options: [['', 'All methods'], ...keysOf(CALL_METHOD_LABELS).map((m) => [m, CALL_METHOD_LABELS[m]] as const)],
      },
      { kind: 'number', name: 'statusCode', label: 'Response code', min: 0, max: 599, placeholder: 'e.g. 404' },
      { kind: 'choice', name: 'bot', label: 'Bot name', all: 'All bots', values: async () => (await facets()).bots },
      {
        kind: 'choice',
        name: 'application',
        label: 'Application',
        all: 'All applications',
        values: async () => (await facets()).applications,
      },
      { kind: 'date', name: 'from', label: 'From' },
      { kind: 'date', name: 'to', label: 'To' },
    ];
  },
  toApiQuery: (q) => ({
    status: q.get('status'),
    method: q.get('method'),
    statusCode: q.get('statusCode'),
    bot: q.get('bot'),
    application: q.get('application'),
    from: dayToIso(q.get('from'), 'from'),
    to: dayToIso(q.get('to'), 'to'),
  }),
  empty: 'No calls match these filters.',
  panel: reauthPanel,
  columns: [
    { label: 'Status', cell: statusBadge },
    { label: 'Method', cell: (c) => h('code', null, c.method) },
    { label: 'URL', cell: (c) => h('span', { class: 'url', title: c.url }, clip(c.url, 70)) },
    { label: 'Bot', cell: (c) => c.bot },
    { label: 'Application', cell: (c) => c.application },
    { label: 'Time', cell: (c) => timeText(c.ts), class: 'nowrap' },
    { label: 'Duration', cell: (c) => formatDuration(c.durationMs), class: 'num' },
  ],
  detail: (c) => ({
    title: `${c.method} ${clip(c.url, 80)}`,
    content: [
      fieldList([
        ['Status', statusBadge(c)],
        ['Bot name', c.bot],
        ['Source', c.source],
        ['User', c.user],
        ['Application', c.application],
        ['Timestamp', timeText(c.ts)],
        ['Duration', formatDuration(c.durationMs)],
        ['URL', h('span', { class: 'url' }, c.url)],
      ]),
      textBlock('Request (curl)', c.request, 'call-request'),
      textBlock('Response body', c.response, 'call-response'),
    ],
  }),
});
