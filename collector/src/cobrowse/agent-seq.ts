import { JOIN_SEQ_BASE } from '@loupe/schemas';
import { createHash } from 'node:crypto';

/**
 * The seq of the one-event batch that records an agent's applied action in the customer's
 * session. Agents' seqs lie at or above JOIN_SEQ_BASE, never a customer's. Taken from the action's
 * id, so a page that reports the same action twice (a retry) stores it once (a duplicate seq);
 * two actions of one session share a seq about once in 2^31 pairs.
 */
export function agentSeq(actionId: string): number {
  const h = createHash('sha256').update(actionId).digest().readUInt32BE(0);
  return JOIN_SEQ_BASE + (h & 0x7fffffff);
}
