import type { AuditEvent } from './audit-event.ts';
import type { CallLog } from './call-log.ts';
import type { ChangeAudit } from './change-audit.ts';
import type { CobrowseEvent } from './cobrowse-event.ts';
import type { RecorderBatch } from './recorder-batch.ts';

/**
 * Realistic records of every family, for tests across packages. The change audits are the three
 * example rows of seed 000's CSV.
 */
export const SEED_CHANGE_AUDITS: ChangeAudit[] = [
  {
    facility: 'Channels',
    username: 'Administrator',
    field: 'Name',
    before: '',
    after: 'Smoke',
    actionDate: Date.parse('2022-11-01T14:29:53Z'),
    action: 'Add',
    origin: 'KPICHAT',
  },
  {
    facility: 'Channels',
    username: 'Administrator',
    field: 'Description',
    before: '',
    after: 'Test',
    actionDate: Date.parse('2022-11-01T14:29:53Z'),
    action: 'Add',
    origin: 'ExternalAPI',
  },
  {
    facility: 'Channels',
    username: 'Administrator',
    field: 'Notifications Enabled',
    before: '',
    after: 'false',
    actionDate: Date.parse('2022-11-01T14:29:53Z'),
    action: 'Add',
    origin: 'KPICHAT',
  },
];

/** One event of every co-browse type, starting at `t0`. */
export function sampleCobrowseEvents(t0: number): CobrowseEvent[] {
  const url = 'https://shop.example/cart';
  return [
    { type: 'PAGECHANGE', ts: t0, url: 'https://shop.example/', data: { url, title: 'Cart' } },
    { type: 'CLICK', ts: t0 + 10, url, data: { target: 'checkout', text: 'Check out', x: 120, y: 48 } },
    { type: 'CLICK', ts: t0 + 11, url, data: { target: '#menu' } },
    { type: 'SCROLL', ts: t0 + 20, url, data: { x: 0, y: 640 } },
    { type: 'SCROLL', ts: t0 + 21, url, data: { target: 'items', x: 0, y: 0 } },
    { type: 'INPUT', ts: t0 + 30, url, data: { target: 'email', value: '*****' } },
    { type: 'INPUT', ts: t0 + 31, url, data: { target: 'coupon', value: '' } },
    { type: 'FORM', ts: t0 + 40, url, data: { target: 'checkout-form' } },
    { type: 'SELECTION', ts: t0 + 50, url, data: { text: '***** ****', target: 'terms' } },
    { type: 'CUSTOM_EVENT', ts: t0 + 60, url, data: { eventType: 'coupon-applied', value: 'SPRING' } },
    { type: 'CUSTOM_EVENT', ts: t0 + 61, data: { eventType: 'cart-value', value: 42.5 } },
    { type: 'CUSTOM_EVENT', ts: t0 + 62, data: { eventType: 'flag', value: null } },
  ];
}

export function sampleBatch(
  sessionId: string,
  seq: number,
  t0: number,
  overrides: Partial<RecorderBatch> = {},
): RecorderBatch {
  return {
    v: 1,
    sessionId,
    seq,
    isAgent: false,
    user: { id: 'cust-17', name: 'Ada' },
    sentAt: t0 + 100,
    events: sampleCobrowseEvents(t0),
    replay: [
      { type: 4, timestamp: t0, data: { href: 'https://shop.example/', width: 1280, height: 720 } },
      {
        type: 2,
        timestamp: t0 + 1,
        data: { node: { type: 0, childNodes: [], id: 1 }, initialOffset: { top: 0, left: 0 } },
      },
      { type: 3, timestamp: t0 + 15, data: { source: 2, type: 2, id: 5, x: 120, y: 48 } },
    ],
    ...overrides,
  };
}

/** One event of every general audit type. */
export function sampleAuditEvents(t0: number): AuditEvent[] {
  const c = { callId: 'call-1', customerId: 'cust-17' };
  return [
    { type: 'START_CALL', ts: t0, userId: 'agent-1', data: c },
    { type: 'MESSENGER_SEND', ts: t0 + 1, userId: 'agent-1', data: { customerId: 'cust-17' } },
    { type: 'LIVE_VIEW', ts: t0 + 2, userId: 'agent-1', data: { sessionId: 'sess-0001' } },
    { type: 'LOGGED_IN', ts: t0 + 3, userId: 'agent-1', data: {} },
    { type: 'ONLINE_STATUS_ONLINE', ts: t0 + 4, userId: 'agent-1', data: {} },
    { type: 'ONLINE_STATUS_OFFLINE', ts: t0 + 5, userId: 'agent-1', data: {} },
    {
      type: 'STATUS_CHANGE',
      ts: t0 + 6,
      userId: 'agent-1',
      data: { customerId: 'cust-17', status: 'Done', messageId: 'm-9' },
    },
    { type: 'ROLE_CHANGE', ts: t0 + 7, userId: 'owner-1', data: { roleName: 'Supervisor', tenantUser: 'agent-1' } },
    {
      type: 'PERMISSION_CHANGE',
      ts: t0 + 8,
      userId: 'owner-1',
      data: { roleName: 'Agent', permissions: ['replay', 'live-view'] },
    },
    {
      type: 'PLUGIN_CHANGE',
      ts: t0 + 9,
      userId: 'owner-1',
      data: { plugin: 'calendar', configuration: { enabled: true, slots: [9, 17] } },
    },
    { type: 'SETTINGS_CHANGE', ts: t0 + 10, userId: 'owner-1', data: { settings: { archiveAfterMonths: 6 } } },
    {
      type: 'MEETING_CHANGE',
      ts: t0 + 11,
      userId: 'agent-1',
      data: { action: 'CREATE_OR_UPDATE', conference: { title: 'Onboarding' } },
    },
    { type: 'CONFERENCE_AGENT', ts: t0 + 12, userId: 'agent-2', data: c },
    {
      type: 'CONFERENCE_RECORDING',
      ts: t0 + 13,
      userId: 'agent-1',
      data: { ...c, joinedAgents: ['agent-1', 'agent-2'], tags: ['sales'] },
    },
  ];
}

/**
 * The viewer's own audit type (a note on a session), apart from sampleAuditEvents, which stays
 * seed 002's fourteen so tests that count them keep counting the seed.
 */
export function sampleNoteAudit(t0: number): AuditEvent {
  return {
    type: 'SESSION_NOTE',
    ts: t0,
    userId: 'agent-1',
    data: { sessionId: 'sess-0001', noteId: '0190c8a8-0000-7000-8000-000000000001', offsetMs: 1500, action: 'ADD' },
  };
}

export function sampleCallLog(ts: number, overrides: Partial<CallLog> = {}): CallLog {
  return {
    ts,
    application: 'Salesforce',
    bot: 'Support bot',
    source: 'Main flow / Lookup account',
    user: 'ada@example.com',
    method: 'POST',
    url: 'https://api.example.com/v1/accounts?q=ada',
    statusCode: 200,
    durationMs: 184,
    request: 'curl -X POST \'https://api.example.com/v1/accounts\' -d \'{"q":"ada"}\'',
    response: '{"id":"001","name":"Ada"}',
    ...overrides,
  };
}
