import type { ChangeAuditItem } from '@loupe/schemas';
import { h } from '../dom/h.ts';
import { clip } from '../format.ts';
import { fieldList, textBlock } from '../ui/detail-pane.ts';
import { dayToIso } from '../ui/time-range.ts';
import { ACTION_LABELS, FACILITY_LABELS, keysOf, ORIGIN_LABELS } from '../vocabulary.ts';
import { logPage } from './log-page.ts';
import { timeText } from '../ui/time-text.ts';

const options = <K extends string>(all: string, labels: Record<K, string>) => [
  ['', all] as const,
  ...keysOf(labels).map((k) => [k, labels[k]] as const),
];

/** Seed 000's change audit: filter by Facility, Origin and dates, export the same as CSV. */
export const changeAuditsPage = logPage<ChangeAuditItem>({
  title: 'Change audits',
  intro: 'Field-level changes to channels and data permissions, from KPICHAT, TCMC and the external API.',
  apiPath: '/v1/change-audits',
  fields: [
    { kind: 'select', name: 'facility', label: 'Facility', options: options('All facilities', FACILITY_LABELS) },
    { kind: 'select', name: 'origin', label: 'Origin', options: options('All origins', ORIGIN_LABELS) },
    { kind: 'select', name: 'action', label: 'Action', options: options('All actions', ACTION_LABELS) },
    { kind: 'text', name: 'username', label: 'Username' },
    { kind: 'date', name: 'from', label: 'From' },
    { kind: 'date', name: 'to', label: 'To' },
  ],
  toApiQuery: (q) => ({
    facility: q.get('facility'),
    origin: q.get('origin'),
    action: q.get('action'),
    username: q.get('username'),
    from: dayToIso(q.get('from'), 'from'),
    to: dayToIso(q.get('to'), 'to'),
  }),
  empty: 'No changes match these filters.',
  columns: [
    { label: 'Facility', cell: (c) => c.facility },
    { label: 'Username', cell: (c) => c.username },
    { label: 'Field', cell: (c) => c.field },
    { label: 'Before', cell: (c) => clip(c.before, 60) },
    { label: 'After', cell: (c) => clip(c.after, 60) },
    { label: 'Action Date', cell: (c) => timeText(c.actionDate), class: 'nowrap' },
    { label: 'Action', cell: (c) => h('span', { class: `badge badge-${c.action.toLowerCase()}` }, c.action) },
    { label: 'Origin', cell: (c) => ORIGIN_LABELS[c.origin] ?? c.origin },
  ],
  detail: (c) => ({
    title: `${c.field} (${c.action})`,
    content: [
      fieldList([
        ['Facility', c.facility],
        ['Username', c.username],
        ['Field', c.field],
        ['Action Date', timeText(c.actionDate)],
        ['Action', c.action],
        ['Origin', ORIGIN_LABELS[c.origin] ?? c.origin],
      ]),
      textBlock('Before', c.before),
      textBlock('After', c.after),
    ],
  }),
});
