import { z } from 'zod';
import { sessionId } from './recorder-batch.ts';

/**
 * `POST /v1/ingest/join` (co-browsing, seed 002): the customer's recorder, with its session's
 * secret, asks for a token it hands to an agent's page; the agent's recorder then adds to that
 * session with the token as its secret, its batches flagged as the agent's.
 */
export const joinSessionRequest = z.strictObject({ sessionId });

export const joinedSession = z.object({
  sessionId: z.string(),
  /** The agent's recorder sends it as its session secret; shown once, stored as a hash. */
  joinToken: z.string(),
});
export type JoinedSession = z.infer<typeof joinedSession>;
