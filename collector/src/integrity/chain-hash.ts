import { createHmac, hash } from 'node:crypto';

/**
 * The hash of one chain link. With a chain key (LOUPE_CHAIN_KEY) it is an HMAC, so someone who
 * can write the database but not read the collector's secret cannot forge a consistent chain.
 * Without one it is SHA-256 of the same text, taken one-shot: a Hash object per row was half of
 * stamping an audit row (Node >= 20.12 has `crypto.hash`).
 */
export function linkHash(prevHash: string, content: string, key?: string): string {
  if (key) return createHmac('sha256', key).update(prevHash).update('\n').update(content).digest('hex');
  return hash('sha256', `${prevHash}\n${content}`, 'hex');
}
