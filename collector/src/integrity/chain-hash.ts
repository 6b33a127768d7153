import { createHash, createHmac } from 'node:crypto';

/**
 * The hash of one chain link. With a chain key (LOUPE_CHAIN_KEY) it is an HMAC, so someone who
 * can write the database but not read the collector's secret cannot forge a consistent chain.
 */
export function linkHash(prevHash: string, content: string, key?: string): string {
  const h = key ? createHmac('sha256', key) : createHash('sha256');
  return h.update(prevHash).update('\n').update(content).digest('hex');
}
