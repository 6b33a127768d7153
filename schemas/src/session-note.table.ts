import { z } from 'zod';
import { DATETIME, chBool, chInt } from './row.ts';

/**
 * Notes on sessions. A ReplacingMergeTree keyed by the note: deleting one writes its row again
 * with `deleted` (a newer `version`), so a delete is an insert like any write, and reads take
 * the newest row with FINAL. Ordered by session first: a session's notes are one range.
 */
export const SESSION_NOTES_TABLE = 'session_notes';

export const sessionNotesDdl = [
  `CREATE TABLE IF NOT EXISTS ${SESSION_NOTES_TABLE} (
    tenant_id LowCardinality(String),
    session_id String,
    id UUID,
    offset_ms UInt32,
    text String CODEC(ZSTD(3)),
    author_id String,
    author_name String,
    created_at ${DATETIME},
    deleted Bool DEFAULT false,
    version UInt64
  ) ENGINE = ReplacingMergeTree(version)
  PARTITION BY toYYYYMM(created_at)
  ORDER BY (tenant_id, session_id, id)`,
] as const;

export const NOTE_SELECT =
  'toString(id) AS row_id, session_id, offset_ms, text, author_id, author_name, toUnixTimestamp64Milli(created_at) AS created_ms, deleted';

export const noteRow = z.object({
  row_id: z.string(),
  session_id: z.string(),
  offset_ms: chInt,
  text: z.string(),
  author_id: z.string(),
  author_name: z.string(),
  created_ms: chInt,
  deleted: chBool,
});
export type NoteRow = z.infer<typeof noteRow>;
