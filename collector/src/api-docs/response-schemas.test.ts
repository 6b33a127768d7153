import { SEED_CHANGE_AUDITS, sampleAuditEvents, sampleBatch, sampleCallLog } from '@loupe/schemas/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeTable } from '../route-table.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let srv: TestServer;
/** A signed-in person's cookie, for the one route that answers only people (/v1/auth/me). */
let cookie = '';
const SESSION = 'sess-contract-1';
const admin = () => ({ Authorization: `Bearer ${srv.adminKey}`, 'Content-Type': 'application/json' });

beforeAll(async () => {
  srv = await startTestServer();
  const t0 = Date.now() - 60_000;
  const post = async (path: string, body: unknown, headers: Record<string, string> = admin()) => {
    const r = await fetch(`${srv.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    expect(r.status, `${path}: ${await r.clone().text()}`).toBeLessThan(300);
  };
  await post('/v1/ingest', sampleBatch(SESSION, 0, t0), {
    'X-Loupe-Key': srv.siteKey,
    'Content-Type': 'application/json',
  });
  // Three quick clicks on one element, so the click-issues route has a rage burst to answer with.
  await srv.services.recorder.store(
    srv.tenantId,
    sampleBatch(SESSION, 1, t0 + 1000, {
      events: [0, 100, 200].map((ms) => ({ type: 'CLICK', ts: t0 + 1000 + ms, data: { target: 'pay' } })),
      replay: [],
    }),
  );
  await post('/v1/audit-events', sampleAuditEvents(t0));
  await post('/v1/change-audits', SEED_CHANGE_AUDITS);
  await post('/v1/call-logs', [sampleCallLog(t0), sampleCallLog(t0 + 1, { statusCode: 401 })]);
  await srv.services.writer.flush();
  await post(`/v1/sessions/${SESSION}/notes`, { offsetMs: 100, text: 'A note' });
  await post('/v1/users', {
    username: 'contract@tenant-a',
    password: 'correct horse battery',
    role: 'Agent',
    email: 'c@example.com',
  });
  const login = await fetch(`${srv.url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'contract@tenant-a', password: 'correct horse battery' }),
  });
  cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  await srv.services.writer.flush();
  await srv.services.alerts.settled();
});
afterAll(() => srv.close());

/** The id a `:id` route is asked for: the session, or a stored row of a record family (read by id). */
async function idFor(path: string): Promise<string> {
  const family = /^(\/v1\/(?:audit-events|change-audits|call-logs))\/:id$/.exec(path)?.[1];
  if (!family) return SESSION;
  const page = (await (await fetch(`${srv.url}${family}`, { headers: admin() })).json()) as { items: { id: string }[] };
  return page.items[0]!.id;
}

/**
 * The response schemas are what the viewer's types and the OpenAPI document say the collector
 * answers; here every JSON read is held to them. Parsing drops keys a schema does not know, so
 * an answer that parses back to itself has neither missing nor unknown fields.
 */
describe('every JSON read answers what its response schema says', () => {
  const reads = routeTable().filter((r) => r.method === 'get' && r.response.schema && !r.path.includes('*'));
  for (const r of reads) {
    it(`${r.method.toUpperCase()} ${r.path}`, async () => {
      const res = await fetch(`${srv.url}${r.path.replace(':id', await idFor(r.path))}`, {
        headers: r.id === 'me' ? { Cookie: cookie } : admin(),
      });
      expect(res.status, await res.clone().text()).toBe(r.response.status);
      const body = (await res.json()) as { items?: unknown[] };
      if (r.path === '/openapi.json') return;
      expect(r.response.schema!.parse(body)).toEqual(body);
      // A page with nothing in it proves little: every list here has rows by now.
      if (Array.isArray(body.items) && !r.path.startsWith('/v1/archive'))
        expect(body.items.length, r.path).toBeGreaterThan(0);
    });
  }
});
