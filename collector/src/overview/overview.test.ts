import { sampleBatch, sampleCallLog } from '@loupe/schemas/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let srv: TestServer;
let otherKey: string;
const DAY = 86_400_000;
/** Noon UTC three, five and six days ago: three distinct days in any zone within ±11 h. */
const noon = (daysAgo: number) => Math.floor(Date.now() / DAY) * DAY - daysAgo * DAY + DAY / 2;

const get = async (path: string, key = srv.adminKey) => {
  const r = await fetch(`${srv.url}${path}`, { headers: { Authorization: `Bearer ${key}` } });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

beforeAll(async () => {
  srv = await startTestServer();
  otherKey = (await srv.addTenant('overview-other')).adminKey;
  // Stored as the ingest route stores them: the route itself only takes times within a day of now.
  for (const [i, daysAgo] of [3, 3, 5, 6].entries()) {
    await srv.services.recorder.store(srv.tenantId, sampleBatch(`ov-${i}`, 0, noon(daysAgo)));
  }
  await srv.services.recorder.store('overview-other', sampleBatch('ov-other', 0, noon(4)));
  const calls = [
    sampleCallLog(noon(2), { bot: 'Billing bot', application: 'Zendesk', statusCode: 500 }),
    sampleCallLog(noon(2) + 1, { bot: 'Billing bot', application: 'Zendesk', statusCode: 0 }),
    sampleCallLog(noon(2) + 2, { bot: 'Sales bot', application: 'Google Sheets' }),
    sampleCallLog(noon(1), { bot: 'Sales bot', application: 'Google Sheets', statusCode: 404 }),
  ];
  const r = await fetch(`${srv.url}/v1/call-logs`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${srv.adminKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(calls),
  });
  expect(r.status).toBe(202);
});
afterAll(() => srv.close());

describe('GET /v1/overview/sessions', () => {
  it('counts sessions per day, their events by type and the top clicked elements, of the tenant only', async () => {
    const { status, body } = await get('/v1/overview/sessions');
    expect(status).toBe(200);
    expect(body.sessionsPerDay).toEqual([
      { day: isoDay(noon(6)), sessions: 1 },
      { day: isoDay(noon(5)), sessions: 1 },
      { day: isoDay(noon(3)), sessions: 2 },
    ]);
    // sampleBatch has 2 clicks, 2 scrolls, 2 inputs, a form, a selection, a page change and 3 custom events.
    expect(body.eventsByType).toContainEqual({ type: 'CLICK', events: 8 });
    expect(body.eventsByType).toContainEqual({ type: 'CUSTOM_EVENT', events: 12 });
    expect(body.topClicks).toEqual([
      { target: '#menu', text: '', clicks: 4 },
      { target: 'checkout', text: 'Check out', clicks: 4 },
    ]);
    const other = await get('/v1/overview/sessions', otherKey);
    expect(other.body.sessionsPerDay).toEqual([{ day: isoDay(noon(4)), sessions: 1 }]);
  });

  it("counts in the asked zone's days and only within the range", async () => {
    // 13:00 in Kiritimati (UTC+14) is already the next day there.
    const kiritimati = await get('/v1/overview/sessions?tz=Pacific/Kiritimati');
    expect((kiritimati.body.sessionsPerDay as { day: string }[]).map((d) => d.day)).toEqual(
      [6, 5, 3].map((d) => isoDay(noon(d) + DAY)),
    );
    const from = new Date(noon(5) - 1000).toISOString();
    const to = new Date(noon(4)).toISOString();
    const narrow = await get(`/v1/overview/sessions?from=${from}&to=${to}`);
    expect(narrow.body.sessionsPerDay).toEqual([{ day: isoDay(noon(5)), sessions: 1 }]);
    expect(narrow.body).toMatchObject({ from, to, timeZone: 'UTC' });
  });

  it('refuses a zone it does not know and a range that runs backwards, naming the field', async () => {
    const tz = await get('/v1/overview/sessions?tz=Mars/Olympus');
    expect(tz.status).toBe(400);
    expect(tz.body).toMatchObject({ error: { path: 'tz' } });
    const injected = await get(`/v1/overview/sessions?tz=${encodeURIComponent("UTC') OR 1=1 --")}`);
    expect(injected.status).toBe(400);
    const back = await get('/v1/overview/sessions?from=2026-01-02&to=2026-01-01');
    expect(back.status).toBe(400);
    expect(back.body).toMatchObject({ error: { path: 'from' } });
  });
});

describe('GET /v1/overview/call-logs', () => {
  it('counts calls and errors per day, and errors per bot and per integration', async () => {
    const { status, body } = await get('/v1/overview/call-logs');
    expect(status).toBe(200);
    expect(body.callsPerDay).toEqual([
      { day: isoDay(noon(2)), calls: 3, errors: 2 },
      { day: isoDay(noon(1)), calls: 1, errors: 1 },
    ]);
    expect(body.errorsByBot).toEqual([
      { day: isoDay(noon(2)), bot: 'Billing bot', errors: 2 },
      { day: isoDay(noon(1)), bot: 'Sales bot', errors: 1 },
    ]);
    expect(body.errorsByApplication).toEqual([
      { day: isoDay(noon(2)), application: 'Zendesk', errors: 2 },
      { day: isoDay(noon(1)), application: 'Google Sheets', errors: 1 },
    ]);
    expect((await get('/v1/overview/call-logs', otherKey)).body.callsPerDay).toEqual([]);
  });
});
