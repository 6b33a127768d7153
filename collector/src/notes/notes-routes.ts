import { can, LIMITS, SESSION_NOTES_TABLE, type SessionNote } from '@loupe/schemas';
import { Hono } from 'hono';
import { rowId } from '../ids/row-id.ts';
import { recordAction } from '../admin/record-action.ts';
import { ApiError } from '../http/api-error.ts';
import { actorOf, type AppEnv, type Caller } from '../http/caller.ts';
import { routesOn, type RouteDeps } from '../http/register-route.ts';
import { ROUTES } from '../route-table.ts';
import type { Services } from '../services.ts';
import { listSessions } from '../sessions/session-queries.ts';
import { findNote, listNotes, noteToRow } from './note-store.ts';

export type NotesDeps = RouteDeps & Pick<Services, 'client' | 'writer' | 'users' | 'now'>;

/** The name shown beside a note: the person's username, or the key's id for an API key. */
async function authorName(s: Pick<Services, 'users'>, caller: Caller): Promise<string> {
  if (caller.userId) return (await s.users.get(caller.tenantId, caller.userId))?.username ?? caller.userId;
  return `API key ${caller.keyId.slice(0, 8)}`;
}

/** Admins (and admin keys) may delete anyone's note, everyone else only their own. */
const mayDelete = (caller: Caller, note: SessionNote) =>
  note.authorId === actorOf(caller) || (caller.role !== undefined && can(caller.role, 'admin'));

async function requireSession(s: Pick<Services, 'client'>, tenantId: string, sessionId: string): Promise<void> {
  const [x] = (await listSessions(s.client, { sessionId, tenantId, limit: 1 })).items;
  if (!x) throw new ApiError(404, { code: 'NOT_FOUND', message: `no session ${sessionId}` });
}

/**
 * Notes on a session at a moment (issue 17): listed on its replay's timeline. Writing one is
 * answered once it is stored and audited (SESSION_NOTE), so a note never exists unaudited.
 */
export function notesRoutes(s: NotesDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const on = routesOn(app, s);

  on(ROUTES.listSessionNotes, async (c) => {
    const sessionId = c.req.valid('param').id;
    return c.json({ items: await listNotes(s.client, c.get('caller').tenantId, sessionId), next: null });
  });

  on(ROUTES.createSessionNote, async (c) => {
    const caller = c.get('caller');
    const sessionId = c.req.valid('param').id;
    const body = c.req.valid('json');
    await requireSession(s, caller.tenantId, sessionId);
    if ((await listNotes(s.client, caller.tenantId, sessionId)).length >= LIMITS.notesPerSession)
      throw new ApiError(409, {
        code: 'TOO_MANY_NOTES',
        message: `session ${sessionId} has ${LIMITS.notesPerSession} notes, as many as it may hold`,
      });
    const now = s.now();
    const note: SessionNote = {
      id: rowId(),
      sessionId,
      offsetMs: body.offsetMs,
      text: body.text,
      authorId: actorOf(caller),
      authorName: await authorName(s, caller),
      createdAt: new Date(now).toISOString(),
    };
    await s.writer.write(SESSION_NOTES_TABLE, [noteToRow(caller.tenantId, note, false, now * 2)]);
    await recordAction(s, caller, {
      type: 'SESSION_NOTE',
      data: { sessionId, noteId: note.id, offsetMs: note.offsetMs, action: 'ADD' },
    });
    return c.json(note, 201);
  });

  on(ROUTES.deleteSessionNote, async (c) => {
    const caller = c.get('caller');
    const { id: sessionId, noteId } = c.req.valid('param');
    const note = await findNote(s.client, caller.tenantId, sessionId, noteId);
    if (!note) throw new ApiError(404, { code: 'NOT_FOUND', message: `no note ${noteId} on session ${sessionId}` });
    if (!mayDelete(caller, note))
      throw new ApiError(403, { code: 'NOT_YOUR_NOTE', message: `note ${noteId} is ${note.authorName}'s` });
    // Twice the time, plus one: later than the note's own write even within the same millisecond.
    await s.writer.write(SESSION_NOTES_TABLE, [noteToRow(caller.tenantId, note, true, s.now() * 2 + 1)]);
    await recordAction(s, caller, {
      type: 'SESSION_NOTE',
      data: { sessionId, noteId, offsetMs: note.offsetMs, action: 'DELETE' },
    });
    return c.body(null, 204);
  });
  return app;
}
