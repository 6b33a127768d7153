import type { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from './http/caller.ts';
import { routeTable } from './route-table.ts';
import { stubApp } from './testing/stub-app.ts';
import { TEST_CONFIG } from './testing/test-server.ts';

/** Every feature on (the bundles and the demo page too); registering touches no storage. */
const build = () => stubApp({ recorderDir: '/nonexistent', viewerDir: '/nonexistent', demoSiteKey: 'lps_demo' });

/** Middleware, registered for every method: the access log, ingest's site key and CORS, the viewer's files. */
const MIDDLEWARE = ['ALL /*', 'ALL /v1/ingest', 'ALL /v1/ingest/join', 'ALL /v1/ingest/cobrowse', 'ALL /viewer/*'];
const listed = new Set(routeTable().map((r) => `${r.method.toUpperCase()} ${r.path}`));
const registered = (app: Hono<AppEnv>) => new Set(app.routes.map((r) => `${r.method} ${r.path}`));
const unlisted = (app: Hono<AppEnv>) => [...registered(app)].filter((r) => !listed.has(r) && !MIDDLEWARE.includes(r));

describe('the route table', () => {
  it('lists every route the app registers, and the app registers every route it lists', () => {
    const app = build();
    expect(unlisted(app)).toEqual([]);
    expect([...listed].filter((r) => !registered(app).has(r))).toEqual([]);
  });

  it('catches a route registered without an entry', () => {
    const app = build();
    app.get('/v1/forgotten', (c) => c.text('not in the table'));
    app.all('/v1/everything', (c) => c.text('nor this'));
    expect(unlisted(app)).toEqual(['GET /v1/forgotten', 'ALL /v1/everything']);
  });

  it('names each route once', () => {
    const rows = routeTable();
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(listed.size).toBe(rows.length);
  });

  it('answers a contract over app.request() without a socket: validation before storage', async () => {
    const app = build();
    const r = await app.request('/v1/tenants', {
      method: 'POST',
      headers: { Authorization: `Bearer ${TEST_CONFIG.LOUPE_OPERATOR_KEY}`, 'Content-Type': 'application/json' },
      body: '{"name":""}',
    });
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual({ error: expect.objectContaining({ code: 'INVALID_FIELD', path: 'name' }) });
  });
});
