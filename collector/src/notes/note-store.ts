import type { ClickHouseClient } from '@clickhouse/client';
import {
  LIMITS,
  NOTE_SELECT,
  SESSION_NOTES_TABLE,
  noteRow,
  toIso,
  type NoteRow,
  type SessionNote,
} from '@loupe/schemas';
import { selectRows } from '../storage/queries/select.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const toNote = (r: NoteRow): SessionNote => ({
  id: r.row_id,
  sessionId: r.session_id,
  offsetMs: r.offset_ms,
  text: r.text,
  authorId: r.author_id,
  authorName: r.author_name,
  createdAt: toIso(r.created_ms),
});

/** The row a note is stored as; `version` orders its writes, so a delete (a later write) wins under FINAL. */
export function noteToRow(tenantId: string, n: SessionNote, deleted: boolean, version: number): object {
  return {
    tenant_id: tenantId,
    session_id: n.sessionId,
    id: n.id,
    offset_ms: n.offsetMs,
    text: n.text,
    author_id: n.authorId,
    author_name: n.authorName,
    created_at: Date.parse(n.createdAt),
    deleted,
    version,
  };
}

/** A session's notes that are not deleted, in timeline order (then in the order they were written). */
export async function listNotes(client: ClickHouseClient, tenantId: string, sessionId: string): Promise<SessionNote[]> {
  const { rows } = await selectRows(
    client,
    {
      sql: `SELECT ${NOTE_SELECT} FROM ${SESSION_NOTES_TABLE} FINAL
            WHERE tenant_id = {tenant:String} AND session_id = {session:String} AND NOT deleted
            ORDER BY offset_ms, created_at, id LIMIT ${LIMITS.notesPerSession}`,
      params: { tenant: tenantId, session: sessionId },
    },
    noteRow,
  );
  return rows.map(toNote);
}

/** One note of the session, or null: another tenant's or session's id is as unknown as a made-up one. */
export async function findNote(
  client: ClickHouseClient,
  tenantId: string,
  sessionId: string,
  id: string,
): Promise<SessionNote | null> {
  if (!UUID.test(id)) return null;
  const { rows } = await selectRows(
    client,
    {
      sql: `SELECT ${NOTE_SELECT} FROM ${SESSION_NOTES_TABLE} FINAL
            WHERE tenant_id = {tenant:String} AND session_id = {session:String} AND id = toUUID({id:String}) AND NOT deleted
            LIMIT 1`,
      params: { tenant: tenantId, session: sessionId, id },
    },
    noteRow,
  );
  return rows[0] ? toNote(rows[0]) : null;
}
