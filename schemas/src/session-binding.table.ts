import { z } from 'zod';
import { DATETIME, chInt } from './row.ts';

/**
 * Which recorder a session belongs to (DESIGN.md, contract additions): the first batch of a session
 * gets a secret in its 202, and only batches carrying it may add to the session. Only the secret's
 * SHA-256 is kept. A retry of the very first batch (same seq, same body: its 202 was lost) gets a
 * fresh secret, kept beside the first, so a lost answer does not lock the recorder out.
 */
export const SESSION_BINDINGS_TABLE = 'session_bindings';
/** The header a client may send its session secret in; the recorder uses the query parameter (no preflight, and `sendBeacon` sets no headers). */
export const SESSION_SECRET_HEADER = 'X-Loupe-Session-Secret';
export const SESSION_SECRET_PARAM = 'ss';
/** The 202 of a session's first batch carries the secret in this header (and in its body as `sessionSecret`). */
export const SESSION_SECRET_ANSWER_HEADER = 'Loupe-Secret';

export const sessionBindingDdl = [
  `CREATE TABLE IF NOT EXISTS ${SESSION_BINDINGS_TABLE} (
    tenant_id String,
    session_id String,
    secret_hash String,
    first_seq UInt32,
    first_hash String,
    created_at ${DATETIME}
  ) ENGINE = MergeTree
  ORDER BY (tenant_id, session_id)
  TTL toDateTime(created_at) + INTERVAL 400 DAY`,
] as const;

/**
 * Co-browsing (seed 002): a customer's recorder may let an agent's recorder join its session. The
 * join is another binding, marked `joined`: batches sent with it must be the agent's (isAgent, no
 * DOM of its own in the customer's replay, seqs at or above JOIN_SEQ_BASE so they never take a
 * customer's seq). Added as a column, not a table, so admitting a batch stays one read.
 */
export const sessionJoinDdl = [
  `ALTER TABLE ${SESSION_BINDINGS_TABLE} ADD COLUMN IF NOT EXISTS joined Bool DEFAULT false`,
] as const;

export { JOIN_SEQ_BASE } from './wire.ts';

export const sessionBindingRow = z.object({
  secret_hash: z.string(),
  first_seq: chInt,
  first_hash: z.string(),
  joined: z.boolean().optional(),
});
export type SessionBindingRow = z.infer<typeof sessionBindingRow>;
