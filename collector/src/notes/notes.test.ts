import { LIMITS } from '@loupe/schemas';
import { sampleBatch } from '@loupe/schemas/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let srv: TestServer;
let other: { adminKey: string; siteKey: string };
const cookies: Record<string, string> = {};
const SESSION = 'sess-notes-1';
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  srv = await startTestServer();
  other = await srv.addTenant('tenant-b');
  await srv.services.recorder.store(srv.tenantId, sampleBatch(SESSION, 0, Date.now() - 60_000));
  await srv.services.recorder.store('tenant-b', sampleBatch('sess-notes-b', 0, Date.now() - 60_000));
  for (const [username, role] of [
    ['agent1', 'Agent'],
    ['agent2', 'Agent'],
    ['admin1', 'Admin'],
    ['builder', 'Bot Builder'],
  ] as const) {
    const made = await fetch(`${srv.url}/v1/users`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${srv.adminKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD, role }),
    });
    expect(made.status).toBe(201);
    const login = await fetch(`${srv.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    cookies[username] = login.headers.get('set-cookie')!.split(';')[0]!;
  }
});
afterAll(() => srv.close());

const as = (who: string, path: string, method = 'GET', body?: unknown) =>
  fetch(`${srv.url}${path}`, {
    method,
    headers: { Cookie: cookies[who]!, Origin: srv.url, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const notesOf = async (who: string, session = SESSION) =>
  ((await (await as(who, `/v1/sessions/${session}/notes`)).json()) as { items: { id: string; text: string }[] }).items;

describe('notes on a session', () => {
  it('stores a note at its moment, lists it in timeline order and audits it', async () => {
    const late = await as('agent1', `/v1/sessions/${SESSION}/notes`, 'POST', { offsetMs: 9000, text: ' later ' });
    expect(late.status).toBe(201);
    const early = await as('agent1', `/v1/sessions/${SESSION}/notes`, 'POST', { offsetMs: 1200, text: 'first' });
    const note = (await early.json()) as { id: string; authorName: string; offsetMs: number };
    expect(note).toMatchObject({ authorName: 'agent1', offsetMs: 1200 });
    expect((await notesOf('agent2')).map((n) => n.text)).toEqual(['first', 'later']);

    const audits = (await (
      await fetch(`${srv.url}/v1/audit-events?type=SESSION_NOTE`, {
        headers: { Authorization: `Bearer ${srv.adminKey}` },
      })
    ).json()) as { items: { data: Record<string, unknown>; userName: string }[] };
    expect(audits.items.map((a) => a.data)).toContainEqual({
      sessionId: SESSION,
      noteId: note.id,
      offsetMs: 1200,
      action: 'ADD',
    });
    expect(audits.items[0]!.userName).toBe('agent1');
  });

  it('lets only the author or an admin delete a note', async () => {
    const made = (await (
      await as('agent1', `/v1/sessions/${SESSION}/notes`, 'POST', { offsetMs: 5, text: 'to delete' })
    ).json()) as { id: string };
    const path = `/v1/sessions/${SESSION}/notes/${made.id}`;
    const refused = await as('agent2', path, 'DELETE');
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'NOT_YOUR_NOTE' } });
    expect((await notesOf('agent1')).map((n) => n.id)).toContain(made.id);
    expect((await as('admin1', path, 'DELETE')).status).toBe(204);
    expect((await notesOf('agent1')).map((n) => n.id)).not.toContain(made.id);
    expect((await as('agent1', path, 'DELETE')).status).toBe(404);
  });

  it('refuses a role that may not view sessions, bad text, and another tenant', async () => {
    const r = await as('builder', `/v1/sessions/${SESSION}/notes`, 'POST', { offsetMs: 1, text: 'x' });
    expect(r.status).toBe(403);
    expect((await as('builder', `/v1/sessions/${SESSION}/notes`)).status).toBe(403);

    const long = await as('agent1', `/v1/sessions/${SESSION}/notes`, 'POST', {
      offsetMs: 1,
      text: 'x'.repeat(LIMITS.noteText + 1),
    });
    expect(long.status).toBe(400);
    expect(await long.json()).toMatchObject({ error: { path: 'text' } });
    const blank = await as('agent1', `/v1/sessions/${SESSION}/notes`, 'POST', { offsetMs: 1, text: '   ' });
    expect(blank.status).toBe(400);
    const negative = await as('agent1', `/v1/sessions/${SESSION}/notes`, 'POST', { offsetMs: -1, text: 'x' });
    expect(await negative.json()).toMatchObject({ error: { path: 'offsetMs' } });

    // Tenant A's people cannot annotate or read tenant B's session, nor B's key A's.
    const foreign = await as('agent1', '/v1/sessions/sess-notes-b/notes', 'POST', { offsetMs: 1, text: 'x' });
    expect(foreign.status).toBe(404);
    const bRead = await fetch(`${srv.url}/v1/sessions/${SESSION}/notes`, {
      headers: { Authorization: `Bearer ${other.adminKey}` },
    });
    expect(((await bRead.json()) as { items: unknown[] }).items).toEqual([]);
  });
});
