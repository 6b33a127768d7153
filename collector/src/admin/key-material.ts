import { createHash, randomBytes } from 'node:crypto';

export type KeyKind = 'site' | 'api' ;

const PREFIX: Record<KeyKind, string> = { site: 'lps_', api: 'lpk_' };

/**
 * A new secret: a kind marker (so a leaked key is recognisable in logs and scanners) and 32 random
 * bytes. Keys are random, not chosen by people, so a fast SHA-256 is a sound hash for them; slow
 * hashes are for passwords.
 */
export function newKey(kind: KeyKind): { key: string; hash: string; prefix: string } {
  const key = PREFIX[kind] + randomBytes(32).toString('base64url');
  return { key, hash: hashKey(key), prefix: key.slice(0, 12) };
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
