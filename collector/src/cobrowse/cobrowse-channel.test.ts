import { serve, type ServerType } from '@hono/node-server';
import { sampleBatch } from '@loupe/schemas/fixtures';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { createServices, type Services } from '../services.ts';
import { startTestServer, TEST_CONFIG, type TestServer } from '../testing/test-server.ts';

/**
 * Two collectors on one ClickHouse (chDB takes one data folder per process, so the second app
 * shares the first one's client, as two collector processes share a server): the customer's
 * page talks to A, the agent to B, and the commands cross through the cobrowse_commands table.
 */
let a: TestServer;
let b: { url: string; services: Services; server: ServerType };

beforeAll(async () => {
  a = await startTestServer();
  const services = await createServices(
    a.services.client,
    { ...TEST_CONFIG, LOUPE_ARCHIVE_DIR: '', LOUPE_SPOOL_DIR: join(a.services.config.LOUPE_SPOOL_DIR, 'b') },
    pino({ level: 'silent' }),
  );
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: createApp(services).fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  b = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, services, server };
});
afterAll(async () => {
  await new Promise((r) => b?.server.close(r));
  await b?.services.writer.close();
  await a?.close();
});

/** The customer's page: its first batch on A gives the session's secret. */
async function customerSession(id: string): Promise<string> {
  const r = await fetch(`${a.url}/v1/ingest?key=${a.siteKey}`, {
    method: 'POST',
    body: JSON.stringify(sampleBatch(id, 0, Date.now() - 1000)),
  });
  expect(r.status).toBe(202);
  return ((await r.json()) as { sessionSecret: string }).sessionSecret;
}

/** Server-sent events of a stream, as they come. */
async function* sse(res: Response): AsyncGenerator<{ event: string; data: Record<string, unknown> }> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buf += value;
    for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data) yield { event, data: JSON.parse(data) as Record<string, unknown> };
    }
  }
}

const agent = (path: string, init: RequestInit = {}) =>
  fetch(`${b.url}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${a.adminKey}`, 'Content-Type': 'application/json' },
  });
const report = (secret: string, body: object) =>
  fetch(`${a.url}/v1/ingest/cobrowse?key=${a.siteKey}&ss=${encodeURIComponent(secret)}`, {
    method: 'POST',
    body: JSON.stringify(body),
  });
const waitFor = async <T>(what: string, probe: () => Promise<T | null | undefined | false>): Promise<T> => {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    const v = await probe();
    if (v) return v;
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe('the co-browse channel across collectors', () => {
  it("carries a join, the consent and an action from the agent's collector to the page's, and stores it as the agent's", async () => {
    const sid = 'sess-cobrowse-multi-1';
    const secret = await customerSession(sid);
    expect((await agent(`/v1/sessions/${sid}/cobrowse`, { method: 'POST' })).status).toBe(201);

    // A hears of the request by polling the table: a later batch's answer says so.
    const timing = await waitFor('the join flag on an ingest answer', async () => {
      const r = await fetch(`${a.url}/v1/ingest?key=${a.siteKey}&ss=${secret}`, {
        method: 'POST',
        body: JSON.stringify(sampleBatch(sid, 1 + Math.floor(Math.random() * 1e6), Date.now() - 500)),
      });
      return r.headers.get('Server-Timing');
    });
    expect(timing).toBe(`loupe-join;desc="${sid}"`);

    const hangUp = new AbortController();
    const stream = await fetch(`${a.url}/v1/ingest/cobrowse?key=${a.siteKey}&sid=${sid}&ss=${secret}`, {
      signal: hangUp.signal,
    });
    expect(stream.status).toBe(200);
    const events = sse(stream);
    const join = (await events.next()).value!;
    expect(join.event).toBe('join');
    const requestId = String(join.data.requestId);
    expect((await report(secret, { kind: 'consent', sessionId: sid, requestId })).status).toBe(202);

    await waitFor('B to see the consent', async () => {
      const s = (await (await agent(`/v1/sessions/${sid}/cobrowse`)).json()) as { state: string };
      return s.state === 'joined';
    });
    const sent = await agent(`/v1/sessions/${sid}/cobrowse/actions`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'click', nodeId: 16 }),
    });
    expect(sent.status).toBe(202);
    const { actionId } = (await sent.json()) as { actionId: string };
    const action = (await events.next()).value!;
    expect(action).toEqual({ event: 'action', data: { requestId, actionId, kind: 'click', nodeId: 16 } });
    const applied = { kind: 'applied', sessionId: sid, requestId, actionId, target: 'go' };
    expect((await report(secret, applied)).status).toBe(202);
    // A retried report stores nothing twice.
    expect((await report(secret, applied)).status).toBe(202);
    hangUp.abort();

    const stored = await waitFor('the agent’s click stored', async () => {
      const r = await agent(`/v1/sessions/${sid}/events?type=CLICK`);
      const { items } = (await r.json()) as { items: { isAgent: boolean; data: { target: string } }[] };
      return items.some((e) => e.isAgent) ? items : null;
    });
    expect(stored.filter((e) => e.isAgent).map((e) => e.data.target)).toEqual(['go']);
    const s = (await (await agent(`/v1/sessions/${sid}/cobrowse`)).json()) as { actions: { status: string }[] };
    expect(s.actions.map((x) => x.status)).toEqual(['applied']);
  });

  it("lets no one read the agent's commands or answer for the customer without the session's own secret", async () => {
    const sid = 'sess-cobrowse-multi-2';
    const secret = await customerSession(sid);
    await agent(`/v1/sessions/${sid}/cobrowse`, { method: 'POST' });
    const status = (await (await agent(`/v1/sessions/${sid}/cobrowse`)).json()) as { requestId: string };
    const wrong = await fetch(`${a.url}/v1/ingest/cobrowse?key=${a.siteKey}&sid=${sid}&ss=made-up-secret`);
    expect(wrong.status).toBe(403);
    // An agent's join token is not the customer's secret either.
    const joined = await fetch(`${a.url}/v1/ingest/join?key=${a.siteKey}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Loupe-Session-Secret': secret },
      body: JSON.stringify({ sessionId: sid }),
    });
    const { joinToken } = (await joined.json()) as { joinToken: string };
    const forged = await report(joinToken, { kind: 'consent', sessionId: sid, requestId: status.requestId });
    expect(forged.status).toBe(403);
    // Another tenant's site key with this secret finds no such session.
    const other = await a.addTenant('tenant-cobrowse-other');
    const cross = await fetch(`${a.url}/v1/ingest/cobrowse?key=${other.siteKey}&sid=${sid}&ss=${secret}`);
    expect(cross.status).toBe(403);
    // Nothing consented: an action is refused.
    const action = await agent(`/v1/sessions/${sid}/cobrowse/actions`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'input', nodeId: 3, value: 'x' }),
    });
    expect(action.status).toBe(409);
    // Bad input: a clear 400 naming the field.
    const bad = await agent(`/v1/sessions/${sid}/cobrowse/actions`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'click', nodeId: -4 }),
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('nodeId');
  });
});
