import { LIMITS, type CobrowseEvent, type HeatmapAnswer } from '@loupe/schemas';
import { sampleBatch } from '@loupe/schemas/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let srv: TestServer;
let other: { adminKey: string; siteKey: string };
const PAGE = 'https://shop.example/product';
const t0 = Date.now() - 60_000;
const click = (ts: number, x?: number, y?: number, url = PAGE): CobrowseEvent => ({
  type: 'CLICK',
  ts,
  url,
  data: x === undefined ? { target: 'buy' } : { target: 'buy', x, y },
});

beforeAll(async () => {
  srv = await startTestServer();
  other = await srv.addTenant('tenant-b');
  const store = (tenant: string, id: string, events: CobrowseEvent[], isAgent = false) =>
    srv.services.recorder.store(tenant, sampleBatch(id, isAgent ? 2 ** 31 : 0, t0, { events, isAgent }));
  await store(srv.tenantId, 'heat-1', [click(t0, 100, 200), click(t0 + 1, 110, 205), click(t0 + 2, 500, 40)]);
  // A keyboard activation (no position), a click on another page, and the newest click on PAGE.
  await store(srv.tenantId, 'heat-2', [
    click(t0 + 3),
    click(t0 + 4, 10, 10, 'https://shop.example/'),
    click(t0 + 5, 101, 201),
  ]);
  // An agent's click while co-browsing, and another tenant's clicks, are not the page's visitors'.
  await store(srv.tenantId, 'heat-3', [click(t0 + 6, 700, 700)], true);
  await store('tenant-b', 'heat-b', [click(t0 + 7, 900, 900), click(t0 + 8, 900, 900)]);
  await srv.services.writer.flush();
});
afterAll(() => srv.close());

const get = async (query: string, key = srv.adminKey) => {
  const r = await fetch(`${srv.url}/v1/heatmap${query}`, { headers: { Authorization: `Bearer ${key}` } });
  return { status: r.status, body: (await r.json()) as HeatmapAnswer & { error?: { path: string } } };
};

describe('the click heatmap', () => {
  it("counts a page's clicks per cell of page coordinates, apart from those without a position", async () => {
    const { status, body } = await get(`?url=${encodeURIComponent(PAGE)}`);
    expect(status).toBe(200);
    // 16 px cells: (100,200), (110,205) and (101,201) share the cell at (96,192); (500,40) is in (496,32).
    const c = LIMITS.heatmapCellPx;
    expect(c).toBe(16);
    expect(body.cells).toEqual([
      { x: 96, y: 192, clicks: 3 },
      { x: 496, y: 32, clicks: 1 },
    ]);
    expect(body.clicks).toBe(5);
    expect(body.withoutPosition).toBe(1);
    expect(body.snapshot).toEqual({ sessionId: 'heat-2', at: new Date(t0 + 5).toISOString() });
    expect(body.pages).toEqual([
      { url: PAGE, clicks: 5 },
      { url: 'https://shop.example/', clicks: 1 },
    ]);
  });

  it('keeps to the range and the tenant', async () => {
    const before = await get(`?url=${encodeURIComponent(PAGE)}&to=${new Date(t0 - 1000).toISOString()}`);
    expect(before.body).toMatchObject({ cells: [], clicks: 0, snapshot: null, pages: [] });
    const b = await get(`?url=${encodeURIComponent(PAGE)}`, other.adminKey);
    expect(b.body.cells).toEqual([{ x: 896, y: 896, clicks: 2 }]);
    expect(b.body.snapshot?.sessionId).toBe('heat-b');
  });

  it('refuses a range backwards or longer than 400 days', async () => {
    const back = await get(`?from=${new Date(t0).toISOString()}&to=${new Date(t0 - 1).toISOString()}`);
    expect(back.status).toBe(400);
    expect(back.body.error?.path).toBe('from');
    const long = await get(`?from=2020-01-01&to=2022-01-01`);
    expect(long.status).toBe(400);
  });
});
