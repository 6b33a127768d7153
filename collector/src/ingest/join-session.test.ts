import { JOIN_SEQ_BASE, SESSION_SECRET_HEADER } from '@loupe/schemas';
import { sampleBatch } from '@loupe/schemas/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.close());

const t0 = Date.now() - 60_000;
const headers = (secret?: string) => ({
  'X-Loupe-Key': srv.siteKey,
  'Content-Type': 'application/json',
  ...(secret ? { [SESSION_SECRET_HEADER]: secret } : {}),
});
const ingest = (body: unknown, secret?: string) =>
  fetch(`${srv.url}/v1/ingest`, { method: 'POST', headers: headers(secret), body: JSON.stringify(body) });
const join = (sessionId: string, secret?: string) =>
  fetch(`${srv.url}/v1/ingest/join`, { method: 'POST', headers: headers(secret), body: JSON.stringify({ sessionId }) });
/** An agent's batch: its own actions only, no DOM, in the joined seqs. */
const agentBatch = (sessionId: string, n: number) =>
  sampleBatch(sessionId, JOIN_SEQ_BASE + n, t0 + 1_000 + n, { isAgent: true, replay: [], user: { id: 'agent-7' } });
const stored = async (sessionId: string) =>
  (await (
    await srv.services.client.query({
      query: `SELECT seq, is_agent FROM cobrowse_events WHERE session_id = {s:String} ORDER BY seq, idx`,
      query_params: { s: sessionId },
      format: 'JSONEachRow',
    })
  ).json()) as { seq: number; is_agent: boolean | number }[];

/** The customer's recorder starts a session: its secret. */
async function customer(sessionId: string): Promise<string> {
  const res = await ingest(sampleBatch(sessionId, 0, t0));
  expect(res.status).toBe(202);
  return ((await res.json()) as { sessionSecret: string }).sessionSecret;
}

describe('an agent joins a customer’s co-browse session', () => {
  it('with a token only the customer’s recorder can get, its events flagged as the agent’s', async () => {
    const secret = await customer('join-sess-1');
    const res = await join('join-sess-1', secret);
    expect(res.status).toBe(201);
    const { joinToken, sessionId } = (await res.json()) as { joinToken: string; sessionId: string };
    expect(sessionId).toBe('join-sess-1');
    expect(joinToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await ingest(agentBatch('join-sess-1', 0), joinToken)).status).toBe(202);
    expect((await ingest(sampleBatch('join-sess-1', 1, t0 + 2_000), secret)).status).toBe(202);
    const rows = await stored('join-sess-1');
    const agentOf = (seq: number) => rows.filter((r) => r.seq === seq).map((r) => Boolean(r.is_agent));
    expect(agentOf(0).length).toBeGreaterThan(0);
    expect(agentOf(0).every((a) => !a)).toBe(true);
    expect(agentOf(1).every((a) => !a)).toBe(true);
    expect(agentOf(JOIN_SEQ_BASE).length).toBeGreaterThan(0);
    expect(agentOf(JOIN_SEQ_BASE).every((a) => a)).toBe(true);
  });

  it('refuses a join by anyone who knows only the session id, or a guessed secret, or a join token', async () => {
    const secret = await customer('join-sess-2');
    for (const attempt of [undefined, 'guessed-secret', `${secret}x`]) {
      const res = await join('join-sess-2', attempt);
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: 'SESSION_NOT_YOURS' } });
    }
    // An agent's token lets it record, not let others in.
    const { joinToken } = (await (await join('join-sess-2', secret)).json()) as { joinToken: string };
    expect((await join('join-sess-2', joinToken)).status).toBe(403);
    // Nor may a stranger write into the session with its id alone, in the agents' seqs either.
    const forged = await ingest(agentBatch('join-sess-2', 5));
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ error: { code: 'SESSION_NOT_YOURS' } });
    // A session that does not exist cannot be joined (nor claimed by joining).
    expect((await join('join-sess-nobody', secret)).status).toBe(403);
    expect(await stored('join-sess-2')).toSatisfy((rows: { seq: number }[]) => rows.every((r) => r.seq === 0));
  });

  it('keeps a joined agent to its own actions: flagged, no DOM, never a customer’s seq', async () => {
    const secret = await customer('join-sess-3');
    const { joinToken } = (await (await join('join-sess-3', secret)).json()) as { joinToken: string };
    const wrong = [
      { ...agentBatch('join-sess-3', 1), isAgent: false },
      sampleBatch('join-sess-3', JOIN_SEQ_BASE + 2, t0 + 3_000, { isAgent: true }),
      { ...agentBatch('join-sess-3', 3), seq: 1 },
    ];
    for (const b of wrong) {
      const res = await ingest(b, joinToken);
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: 'JOINED_AS_AGENT' } });
    }
    // The customer's seq 1 is still its own to write.
    expect((await ingest(sampleBatch('join-sess-3', 1, t0 + 4_000), secret)).status).toBe(202);
    expect(new Set((await stored('join-sess-3')).map((r) => r.seq))).toEqual(new Set([0, 1]));
  });

  it('answers a recorded page’s preflight for the join', async () => {
    const res = await fetch(`${srv.url}/v1/ingest/join?key=${srv.siteKey}`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://shop.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': `content-type,${SESSION_SECRET_HEADER.toLowerCase()}`,
      },
    });
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
  });
});
