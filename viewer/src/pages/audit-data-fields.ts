import type { AuditEventItem } from '@loupe/schemas';
import { h, type Child } from '../dom/h.ts';

/** Seed 002's Data column, by field: what each type's data means, named as the seed names it. */
const DATA_LABELS: Record<string, string> = {
  callId: 'Call',
  customerId: 'Customer',
  sessionId: 'Co-browse session',
  status: 'Status',
  messageId: 'Message',
  roleName: 'Role name',
  tenantUser: 'Tenant user',
  permissions: 'Permissions',
  plugin: 'Plugin',
  configuration: 'Configuration',
  settings: 'Settings',
  action: 'Action',
  conference: 'Conference data',
  joinedAgents: 'Joined agents',
  tags: 'Tags',
};

const labelOf = (key: string) => DATA_LABELS[key] ?? key;

/** A value as short text: lists joined, objects as `key: value` pairs, one level deep. */
export function valueText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(valueText).join(', ');
  if (typeof v === 'object')
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k}: ${typeof x === 'object' && x !== null ? JSON.stringify(x) : String(x)}`)
      .join(', ');
  return String(v);
}

/** Fields that hold tenant user ids: shown by name where the collector knows one. */
const USER_FIELDS = new Set(['tenantUser', 'joinedAgents']);

const named = (e: AuditEventItem, k: string, v: unknown): unknown => {
  if (!USER_FIELDS.has(k)) return v;
  const nameOf = (id: unknown) => (typeof id === 'string' ? (e.names[id] ?? id) : id);
  return Array.isArray(v) ? v.map(nameOf) : nameOf(v);
};

const entriesOf = (e: AuditEventItem) =>
  Object.entries(e.data as Record<string, unknown>).map(([k, v]) => [k, named(e, k, v)] as const);

/** The type's data as label and value pairs, in the seed's order of the Data column. */
export function dataFields(e: AuditEventItem): [string, Child][] {
  return entriesOf(e).map(([k, v]) => {
    // A co-browse session joined (LIVE_VIEW) opens where it can be replayed.
    if (k === 'sessionId' && typeof v === 'string')
      return [labelOf(k), h('a', { href: `/sessions/${encodeURIComponent(v)}` }, v)];
    return [labelOf(k), valueText(v)];
  });
}

/** One line for the list: "Role name: Supervisor · Tenant user: …", or nothing for types with no data. */
export function dataSummary(e: AuditEventItem): string {
  const pairs = entriesOf(e).map(([k, v]) => `${labelOf(k)}: ${valueText(v)}`);
  return pairs.join(' · ');
}

/** Who did it: the user's name, or the id where Loupe knows no name (the platform's own users, API keys). */
export function userText(e: AuditEventItem): HTMLElement {
  if (e.userName) return h('span', { title: e.userId, 'data-user-id': e.userId }, e.userName);
  const label = e.userId.startsWith('key:') ? `API key ${e.userId.slice(4, 12)}…` : e.userId;
  return h('span', { class: 'muted', title: e.userId, 'data-user-id': e.userId }, label);
}
