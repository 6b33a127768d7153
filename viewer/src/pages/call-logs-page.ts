import type { CallLogItem } from '@loupe/schemas';
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

/** Bots seen so far, offered as suggestions: the API has no list of a tenant's bots. */
const botList = (items: readonly CallLogItem[]) =>
  h(
    'datalist',
    { id: 'known-bots' },
    [...new Set(items.map((c) => c.bot))].sort().map((b) => h('option', { value: b })),
  );

/** Seed 001's call logs: one row per integration call, with the request as curl and the response body. */
export const callLogsPage = logPage<CallLogItem>({
  title: 'Call logs',
  intro: 'Every integration call of your bots and agents, kept for the retention period set in Settings.',
  apiPath: '/v1/call-logs',
  fields: [
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
    { kind: 'text', name: 'bot', label: 'Bot name', list: 'known-bots' },
    { kind: 'text', name: 'application', label: 'Application' },
    { kind: 'date', name: 'from', label: 'From' },
    { kind: 'date', name: 'to', label: 'To' },
  ],
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
  extras: botList,
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
