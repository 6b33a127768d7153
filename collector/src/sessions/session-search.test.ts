import {
  BATCH_TABLE,
  COBROWSE_TABLE,
  REPLAY_TABLE,
  toBatchRow,
  toCobrowseRow,
  toReplayChunkRow,
  type ClickIssue,
  type Page,
  type RecorderBatch,
  type SessionItem,
} from '@loupe/schemas';
import { apiClient } from '@loupe/testkit/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

/**
 * Finding sessions (issue 17): by user, page and clicked text, and by rage and dead clicks,
 * through the real route on embedded ClickHouse, with another tenant's look-alike sessions beside.
 */
const T0 = Date.now() - 3_600_000;

interface Shape {
  user: { id: string; name?: string };
  url: string;
  clicks: { at: number; target: string; text?: string }[];
  /** Times (from T0) of DOM mutations in the replay. */
  mutations?: number[];
  /** Co-browse INPUT events (from T0). */
  inputs?: number[];
  /** Where the replay ends (from T0). */
  until: number;
}

function batch(sessionId: string, s: Shape): RecorderBatch {
  const t = (ms: number) => T0 + ms;
  return {
    v: 1,
    sessionId,
    seq: 0,
    isAgent: false,
    user: s.user,
    sentAt: t(s.until),
    events: [
      ...s.clicks.map((c) => ({
        type: 'CLICK' as const,
        ts: t(c.at),
        url: s.url,
        data: { target: c.target, ...(c.text ? { text: c.text } : {}) },
      })),
      ...(s.inputs ?? []).map((at) => ({
        type: 'INPUT' as const,
        ts: t(at),
        url: s.url,
        data: { target: 'email', value: '***' },
      })),
    ].sort((a, b) => a.ts - b.ts),
    replay: [
      { type: 4, timestamp: t(0), data: { href: s.url, width: 1280, height: 720 } },
      {
        type: 2,
        timestamp: t(1),
        data: { node: { type: 0, childNodes: [], id: 1 }, initialOffset: { top: 0, left: 0 } },
      },
      ...(s.mutations ?? []).map((at) => ({
        type: 3,
        timestamp: t(at),
        data: { source: 0, texts: [], attributes: [{ id: 1, attributes: { class: 'busy' } }], removes: [], adds: [] },
      })),
      // Mouse moves after every click: the visitor is there, but moving the mouse is no answer.
      ...s.clicks.map((c) => ({
        type: 3,
        timestamp: t(c.at + 300),
        data: { source: 1, positions: [{ x: 1, y: 2, id: 1, timeOffset: 0 }] },
      })),
      { type: 3, timestamp: t(s.until), data: { source: 1, positions: [{ x: 3, y: 4, id: 1, timeOffset: 0 }] } },
    ].sort((a, b) => a.timestamp - b.timestamp),
  };
}

/** Four clicks on Pay in 0.8 s, each answered: a rage burst, no dead click. */
const RAGE: Shape = {
  user: { id: 'cust-rage', name: 'Grace Hopper' },
  url: 'https://shop.example/checkout',
  clicks: [1000, 1300, 1600, 1800].map((at) => ({ at, target: 'pay', text: 'Pay now' })),
  mutations: [1100, 1400, 1700, 1900],
  until: 10_000,
};
/**
 * Nothing to flag: three clicks on one element over 1.2 s (slower than a rage click), a click
 * answered by an input rather than the DOM, and a last click the recording ends after.
 */
const CALM: Shape = {
  user: { id: 'cust-calm', name: 'Ada Lovelace' },
  url: 'https://shop.example/cart',
  clicks: [
    { at: 1000, target: 'add-to-cart', text: 'Add to basket' },
    { at: 3000, target: 'email' },
    { at: 5000, target: 'qty-plus', text: '+' },
    { at: 5600, target: 'qty-plus', text: '+' },
    { at: 6200, target: 'qty-plus', text: '+' },
    { at: 9000, target: 'close', text: 'Close' },
  ],
  mutations: [1200, 5100, 5700, 6300],
  inputs: [3500],
  until: 9_500,
};
/** A click on a link that did nothing for five seconds while the visitor stayed. */
const DEAD: Shape = {
  user: { id: 'cust-dead', name: 'Alan Turing' },
  url: 'https://shop.example/help',
  clicks: [{ at: 1000, target: 'faq-link', text: 'Shipping FAQ' }],
  until: 6_000,
};

let srv: TestServer;
let a: ReturnType<typeof apiClient>;
let b: ReturnType<typeof apiClient>;

beforeAll(async () => {
  srv = await startTestServer();
  const other = await srv.addTenant('tenant-b');
  a = apiClient(srv.url, { key: srv.adminKey });
  b = apiClient(srv.url, { key: other.adminKey });
  const store = (tenant: string, id: string, s: Shape) => srv.services.recorder.store(tenant, batch(id, s));
  await store(srv.tenantId, 's-rage', RAGE);
  await store(srv.tenantId, 's-calm', CALM);
  await store(srv.tenantId, 's-dead', DEAD);
  // Tenant b: the same session ids and people, the other way round (b's s-calm rages, b's s-rage
  // is dead): a query that forgot the tenant anywhere would mix them up.
  await store('tenant-b', 's-calm', { ...RAGE, user: { id: 'cust-b', name: 'Grace Hopper' } });
  await store('tenant-b', 's-rage', { ...DEAD, clicks: [{ at: 1000, target: 'pay', text: 'Pay now' }] });
});

afterAll(async () => {
  await srv?.close();
});

const ids = async (api: typeof a, query: Record<string, string>) => {
  const page = await api.get<Page<SessionItem>>(`/v1/sessions?${new URLSearchParams(query)}`);
  return page.items.map((s) => s.sessionId).sort();
};

describe('finding sessions', () => {
  it('by part of a user name or id, in any case', async () => {
    expect(await ids(a, { user: 'grace' })).toEqual(['s-rage']);
    expect(await ids(a, { user: 'LOVELACE' })).toEqual(['s-calm']);
    expect(await ids(a, { user: 'cust-dead' })).toEqual(['s-dead']);
    expect(await ids(a, { user: 'cust-' })).toEqual(['s-calm', 's-dead', 's-rage']);
    expect(await ids(a, { user: 'nobody' })).toEqual([]);
  });

  it('by page URL and by the text or name of a clicked element', async () => {
    expect(await ids(a, { url: '/checkout' })).toEqual(['s-rage']);
    expect(await ids(a, { clickText: 'shipping faq' })).toEqual(['s-dead']);
    expect(await ids(a, { clickText: 'Basket' })).toEqual(['s-calm']);
    // `pay` is the element's name, `Pay now` its text: either finds it.
    expect(await ids(a, { clickText: 'pay' })).toEqual(['s-rage']);
    // Text typed into a field is not clicked text.
    expect(await ids(a, { clickText: '***' })).toEqual([]);
    expect(await ids(a, { clickText: 'pay', user: 'ada' })).toEqual([]);
  });

  it('by rage clicks: four clicks on one element in 0.8 s, not three in 1.2 s', async () => {
    expect(await ids(a, { rageClicks: 'true' })).toEqual(['s-rage']);
    expect(await ids(a, { rageClicks: 'false' })).toEqual(['s-calm', 's-dead']);
    expect(await ids(a, { rageClicks: 'true', clickText: 'basket' })).toEqual([]);
  });

  it('by dead clicks: not when the DOM or an input answered, nor when the recording ended', async () => {
    expect(await ids(a, { deadClicks: 'true' })).toEqual(['s-dead']);
    expect(await ids(a, { deadClicks: 'false' })).toEqual(['s-calm', 's-rage']);
    const from = new Date(T0 - 60_000).toISOString();
    const to = new Date(T0 + 60_000).toISOString();
    expect(await ids(a, { deadClicks: 'true', rageClicks: 'false', from, to })).toEqual(['s-dead']);
    // A range that ends before the session's clicks finds none of them.
    expect(await ids(a, { rageClicks: 'true', to: new Date(T0 + 500).toISOString() })).toEqual([]);
  });

  it("lists a session's rage bursts and dead clicks for its timeline", async () => {
    const issues = (id: string) => a.get<{ items: ClickIssue[] }>(`/v1/sessions/${id}/click-issues`);
    expect((await issues('s-rage')).items).toEqual([
      {
        kind: 'rage',
        ts: new Date(T0 + 1000).toISOString(),
        lastTs: new Date(T0 + 1800).toISOString(),
        clicks: 4,
        url: RAGE.url,
        target: 'pay',
        text: 'Pay now',
      },
    ]);
    expect((await issues('s-dead')).items).toEqual([
      expect.objectContaining({ kind: 'dead', ts: new Date(T0 + 1000).toISOString(), target: 'faq-link', clicks: 1 }),
    ]);
    expect((await issues('s-calm')).items).toEqual([]);
  });
});

describe("another tenant's sessions", () => {
  it('never match a search, whatever the ids, names and clicks they share', async () => {
    expect(await ids(b, { user: 'grace' })).toEqual(['s-calm']);
    expect(await ids(b, { clickText: 'pay' })).toEqual(['s-calm', 's-rage']);
    expect(await ids(b, { rageClicks: 'true' })).toEqual(['s-calm']);
    expect(await ids(b, { deadClicks: 'true' })).toEqual(['s-rage']);
    expect(await ids(b, { user: 'lovelace' })).toEqual([]);
    expect(await ids(b, { clickText: 'shipping' })).toEqual([]);
    // And tenant a's answers are still its own (above), with b's rows beside them.
    expect(await ids(a, { rageClicks: 'true' })).toEqual(['s-rage']);
  });

  it("never lend their clicks to a session of the same id's timeline", async () => {
    const calm = await a.get<{ items: ClickIssue[] }>('/v1/sessions/s-calm/click-issues');
    expect(calm.items).toEqual([]);
    const dead = await b.get<{ items: ClickIssue[] }>('/v1/sessions/s-dead/click-issues');
    expect(dead.items).toEqual([]);
  });
});

describe('sessions stored before migration 15', () => {
  it("are judged the same from their replay's payload", async () => {
    // As ingest stored chunks before: no effect times beside them.
    const old = await srv.addTenant('tenant-old');
    const insert = (table: string, values: object[]) =>
      srv.services.client.insert({ table, values, format: 'JSONEachRow' });
    for (const [id, shape] of [
      ['s-rage', RAGE],
      ['s-calm', CALM],
      ['s-dead', DEAD],
    ] as const) {
      const b = batch(id, shape);
      await insert(
        COBROWSE_TABLE,
        b.events.map((e, i) => toCobrowseRow('tenant-old', b, e, i)),
      );
      await insert(REPLAY_TABLE, [
        { ...toReplayChunkRow('tenant-old', b, b.replay)!, effect_ms: [], effects_known: false },
      ]);
      await insert(BATCH_TABLE, [toBatchRow('tenant-old', b, b.sentAt)]);
    }
    const o = apiClient(srv.url, { key: old.adminKey });
    expect(await ids(o, { deadClicks: 'true' })).toEqual(['s-dead']);
    expect(await ids(o, { deadClicks: 'false' })).toEqual(['s-calm', 's-rage']);
    const dead = await o.get<{ items: ClickIssue[] }>('/v1/sessions/s-dead/click-issues');
    expect(dead.items.map((i) => [i.kind, i.ts])).toEqual([['dead', new Date(T0 + 1000).toISOString()]]);
  });
});

describe('bad input', () => {
  const refused = async (query: string) => {
    const r = await fetch(`${srv.url}/v1/sessions?${query}`, { headers: { Authorization: `Bearer ${srv.adminKey}` } });
    return { status: r.status, body: (await r.json()) as { error: { code: string; message: string; path?: string } } };
  };

  it.each([
    ['a rage filter that is not true or false', 'rageClicks=yes', 'rageClicks'],
    ['a dead filter that is not true or false', 'deadClicks=1', 'deadClicks'],
    ['an empty user', 'user=', 'user'],
    ['clicked text of 2,000 characters', `clickText=${'x'.repeat(2000)}`, 'clickText'],
    ['a misspelt filter', 'clickTxt=pay', undefined],
  ])('refuses %s with 400 and the field', async (_what, query, path) => {
    const { status, body } = await refused(query);
    expect(status).toBe(400);
    if (path) expect(body.error.path).toBe(path);
    else expect(body.error.message).toMatch(/clickTxt/);
  });

  it('refuses a session id that is not one on the click-issues route', async () => {
    const r = await fetch(`${srv.url}/v1/sessions/${encodeURIComponent("x' OR 1=1")}/click-issues`, {
      headers: { Authorization: `Bearer ${srv.adminKey}` },
    });
    expect(r.status).toBe(400);
  });
});
