import { describe, expect, it } from 'vitest';
import { auditEventSchema, AUDIT_TYPES } from './audit-event.ts';
import { callLogSchema, statusOf } from './call-log.ts';
import { changeAuditSchema } from './change-audit.ts';
import { SEED_CHANGE_AUDITS, sampleAuditEvents, sampleCallLog, sampleNoteAudit } from './fixtures.ts';

const now = Date.UTC(2026, 10, 23, 12);
const clock = () => now;
function paths(
  schema: { safeParse(v: unknown): { success: boolean; error?: { issues: { path: PropertyKey[] }[] } } },
  input: unknown,
) {
  const r = schema.safeParse(input);
  return r.success ? [] : r.error!.issues.map((i) => i.path.join('.'));
}

describe('audit events', () => {
  const schema = auditEventSchema(clock);

  it("has the fourteen types of the seed and the viewer's own, each accepted with its own data", () => {
    const samples = [...sampleAuditEvents(now - 60_000), sampleNoteAudit(now - 60_000)];
    // The seed's fourteen come first, then SESSION_NOTE; LIVE_VIEW's co-browse companions (issue 18) follow.
    expect(samples.map((s) => s.type)).toEqual(AUDIT_TYPES.slice(0, 15));
    for (const s of samples) expect(schema.safeParse(s).success, s.type).toBe(true);
  });

  it("takes LIVE_VIEW's companions with the session, and says who ended it", () => {
    const ok = (type: string, data: object) => schema.safeParse({ type, ts: now, userId: 'agent-1', data }).success;
    for (const t of ['LIVE_VIEW_REQUEST', 'LIVE_VIEW_CONSENT', 'LIVE_VIEW_REFUSAL'])
      expect(ok(t, { sessionId: 'sess-0001' }), t).toBe(true);
    expect(ok('LIVE_VIEW_END', { sessionId: 'sess-0001', by: 'customer' })).toBe(true);
    expect(ok('LIVE_VIEW_END', { sessionId: 'sess-0001', by: 'someone' })).toBe(false);
    expect(ok('LIVE_VIEW_CONSENT', {})).toBe(false);
  });

  it('checks data against the type: ROLE_CHANGE needs a role name', () => {
    expect(paths(schema, { type: 'ROLE_CHANGE', ts: now, userId: 'u', data: { tenantUser: 'x' } })).toEqual([
      'data.roleName',
    ]);
  });

  it('accepts ISO 8601 times and stores them as epoch milliseconds', () => {
    const r = schema.parse({ type: 'LOGGED_IN', ts: '2026-11-23T11:00:00.250+01:00', userId: 'u', data: {} });
    expect(r.ts).toBe(Date.UTC(2026, 10, 23, 10, 0, 0, 250));
  });

  it('refuses times more than five minutes ahead but keeps old imports', () => {
    expect(paths(schema, { type: 'LOGGED_IN', ts: now + 6 * 60_000, userId: 'u', data: {} })).toEqual(['ts']);
    expect(paths(schema, { type: 'LOGGED_IN', ts: '2019-03-01T00:00:00Z', userId: 'u', data: {} })).toEqual([]);
  });

  it('refuses a time without a zone, which could mean any hour', () => {
    expect(paths(schema, { type: 'LOGGED_IN', ts: '2026-11-23T11:00:00', userId: 'u', data: {} })).toEqual(['ts']);
  });

  it('refuses an empty tenant user id', () => {
    expect(paths(schema, { type: 'LOGGED_IN', ts: now, userId: '', data: {} })).toEqual(['userId']);
  });
});

describe('change audits', () => {
  const schema = changeAuditSchema(clock);

  it('accepts the three example rows of the seed, with an empty Before', () => {
    for (const row of SEED_CHANGE_AUDITS) expect(schema.safeParse(row).success).toBe(true);
  });

  it('knows only the seed facilities, actions and origins', () => {
    const row = SEED_CHANGE_AUDITS[0]!;
    expect(paths(schema, { ...row, facility: 'Billing' })).toEqual(['facility']);
    expect(paths(schema, { ...row, action: 'Remove' })).toEqual(['action']);
    expect(paths(schema, { ...row, origin: 'Carrier pigeon' })).toEqual(['origin']);
    expect(paths(schema, { ...row, facility: 'All facilities' })).toEqual(['facility']);
    expect(paths(schema, { ...row, facility: 'Data permissions', action: 'Delete', origin: 'TCMC' })).toEqual([]);
  });

  it("takes the seed's spellings and their variants, and keeps one canonical value", () => {
    const row = SEED_CHANGE_AUDITS[0]!;
    const parsed = (over: object) => schema.parse({ ...row, ...over });
    for (const origin of ['External API', 'external_api', 'EXTERNALAPI', ' External  API '])
      expect(parsed({ origin }).origin).toBe('ExternalAPI');
    for (const facility of ['Data permission', 'data permissions', 'Data_Permission'])
      expect(parsed({ facility }).facility).toBe('Data permissions');
    expect(parsed({ origin: 'kpichat', action: 'delete', facility: 'channels' })).toMatchObject({
      origin: 'KPICHAT',
      action: 'Delete',
      facility: 'Channels',
    });
  });

  it('refuses Before and After that are not text', () => {
    expect(paths(schema, { ...SEED_CHANGE_AUDITS[0]!, after: false })).toEqual(['after']);
  });
});

describe('call logs', () => {
  const schema = callLogSchema(clock);

  it('accepts every request type of the seed', () => {
    for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'C2E'] as const) {
      expect(schema.safeParse(sampleCallLog(now, { method })).success).toBe(true);
    }
    expect(paths(schema, sampleCallLog(now, { method: 'PATCH' as never }))).toEqual(['method']);
  });

  it('derives success from the status code, and an unreachable host is an error', () => {
    expect([200, 302, 0, 401, 500].map(statusOf)).toEqual(['success', 'success', 'error', 'error', 'error']);
  });

  it('refuses a status code outside HTTP and a relative URL', () => {
    expect(paths(schema, sampleCallLog(now, { statusCode: 999 }))).toEqual(['statusCode']);
    expect(paths(schema, sampleCallLog(now, { url: '/v1/accounts' }))).toEqual(['url']);
  });

  it('caps request and response bodies at a megabyte', () => {
    expect(paths(schema, sampleCallLog(now, { response: 'x'.repeat(1_048_577) }))).toEqual(['response']);
  });
});
