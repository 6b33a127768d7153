import type { AuditEventItem } from '@loupe/schemas';
import { h } from '../dom/h.ts';
import { clip } from '../format.ts';
import { fieldList } from '../ui/detail-pane.ts';
import { dataFields, dataSummary, userText } from './audit-data-fields.ts';
import { dayToIso } from '../ui/time-range.ts';
import { AUDIT_TYPE_LABELS, keysOf } from '../vocabulary.ts';
import { logPage } from './log-page.ts';
import { timeText } from '../ui/time-text.ts';

const typeLabel = (t: AuditEventItem['type']) => AUDIT_TYPE_LABELS[t] ?? t;

/** Seed 002's general audit events: the type, the tenant user, and the type's data. */
export const auditEventsPage = logPage<AuditEventItem>({
  title: 'Audit events',
  intro: 'What people did on the platform: calls, chats, sign-ins, role, permission and settings changes.',
  apiPath: '/v1/audit-events',
  fields: [
    {
      kind: 'select',
      name: 'type',
      label: 'Type',
      options: [['', 'All types'], ...keysOf(AUDIT_TYPE_LABELS).map((t) => [t, AUDIT_TYPE_LABELS[t]] as const)],
    },
    { kind: 'text', name: 'userId', label: 'User', placeholder: 'Tenant user id' },
    { kind: 'date', name: 'from', label: 'From' },
    { kind: 'date', name: 'to', label: 'To' },
  ],
  toApiQuery: (q) => ({
    type: q.get('type'),
    userId: q.get('userId'),
    from: dayToIso(q.get('from'), 'from'),
    to: dayToIso(q.get('to'), 'to'),
  }),
  empty: 'No audit events match these filters.',
  columns: [
    { label: 'Time', cell: (e) => timeText(e.ts), class: 'nowrap' },
    { label: 'Type', cell: (e) => h('span', { class: 'badge', 'data-type': e.type }, typeLabel(e.type)) },
    { label: 'User', cell: userText },
    { label: 'Data', cell: (e) => h('span', { class: 'data-summary' }, clip(dataSummary(e), 100) || '—') },
  ],
  detail: (e) => ({
    title: typeLabel(e.type),
    content: [
      fieldList([
        ['Time', timeText(e.ts)],
        ['Type', `${typeLabel(e.type)} (${e.type})`],
        ['User', userText(e)],
        ['User id', h('code', null, e.userId)],
        ['Sent with key', e.keyId || 'the viewer (a signed-in person)'],
      ]),
      h('h3', null, 'Data'),
      // The seed's Data column as fields, not JSON.
      h(
        'div',
        { 'data-testid': 'audit-data' },
        dataFields(e).length ? fieldList(dataFields(e)) : h('p', { class: 'muted' }, 'This type carries no data.'),
      ),
    ],
  }),
});
