import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { isoTime, page } from './page.response.ts';
import { text } from './text.ts';

/**
 * A note on a session at a moment (issue 17): what an agent or admin writes about what the
 * replay shows there. `offsetMs` counts from the session's first recorded event, as the replay's
 * timeline does, so a note stays at its moment whatever zone it is read in.
 */
export const createNoteRequest = z.strictObject({
  offsetMs: z.number().int().min(0).max(LIMITS.noteOffsetMs),
  text: text(LIMITS.noteText)
    .transform((t) => t.trim())
    .refine((t) => t.length > 0, 'must not be empty'),
});
export type CreateNoteRequest = z.infer<typeof createNoteRequest>;

export const sessionNote = z.object({
  id: z.string(),
  sessionId: z.string(),
  offsetMs: z.number(),
  text: z.string(),
  /** Who wrote it: a user's id (or `key:<id>` for an API key), and the name shown beside it. */
  authorId: z.string(),
  authorName: z.string(),
  createdAt: isoTime,
});
export type SessionNote = z.infer<typeof sessionNote>;

/** A session's notes, in timeline order; a session has few, so there is no cursor. */
export const sessionNotePage = page(sessionNote);
