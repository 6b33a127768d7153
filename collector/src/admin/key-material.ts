import { createHash, createHmac, randomBytes } from 'node:crypto';

export type KeyKind = 'site' | 'api';

const PREFIX: Record<KeyKind, string> = { site: 'lps_', api: 'lpk_' };

/**
 * Keys the operator chooses (LOUPE_ADMIN_KEY, LOUPE_SITE_KEY, LOUPE_OPERATOR_KEY) must be at least
 * this long: a 16-character key was recovered from a database copy in seconds. Made keys have 43.
 */
export const MIN_KEY_LENGTH = 32;

/** Characters of a key's secret part shown as its prefix: enough to tell keys apart, too few to help guessing. */
const SHOWN_CHARS = 4;

/** What is stored for a key: its keyed hash and a short prefix to recognise it by in lists. */
export interface KeyMaterial {
  key: string;
  hash: string;
  prefix: string;
}

/**
 * Hashes keys with HMAC-SHA-256 under the server's key secret (LOUPE_KEY_SECRET, or the one made
 * at first start), so a copy of the database alone cannot test guesses. A fast hash is sound here
 * because made keys are random; the secret is what stops brute force of operator-chosen ones.
 */
export class KeyHasher {
  readonly #secret: Buffer;

  constructor(secret: string) {
    this.#secret = Buffer.from(secret);
  }

  hash(key: string): string {
    return createHmac('sha256', this.#secret).update(key).digest('hex');
  }

  /** A new random secret of the kind, with a marker so a leaked key is recognisable in logs and scanners. */
  newKey(kind: KeyKind): KeyMaterial {
    return this.material(PREFIX[kind] + randomBytes(32).toString('base64url'));
  }

  material(key: string): KeyMaterial {
    return { key, hash: this.hash(key), prefix: prefixOf(key) };
  }
}

/** The marker (when the key has one) and the first few characters after it. */
export function prefixOf(key: string): string {
  const marker = Object.values(PREFIX).some((p) => key.startsWith(p)) ? 4 : 0;
  return key.slice(0, marker + SHOWN_CHARS);
}

/** The unsalted SHA-256 keys were stored as before keyed hashes: still accepted once, then rehashed. */
export function legacyKeyHash(key: string): string {
  return sha256Hex(key);
}

/** For random 256-bit tokens (sign-in sessions), which no one can guess, a plain SHA-256 is enough. */
export function sha256Hex(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}
