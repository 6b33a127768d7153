import type { Context } from 'hono';
import type { KeyRecord } from '../admin/key-store.ts';
import type { Services } from '../services.ts';
import { ApiError } from './api-error.ts';
import { clientAddress } from './client-address.ts';

/** What the flood throttle touches: the failure counts and whether to trust a proxy's address. */
export type FloodDeps = Pick<Services, 'keyFailures' | 'config'>;

/**
 * Refuses, before any lookup, an address that has presented too many unknown keys lately, so a
 * flood of made-up keys is answered cheaply and cannot slow other tenants' requests. Answers the
 * address, to count a failure against.
 */
export function assertNotFlooding(s: FloodDeps, c: Context): string {
  const address = clientAddress(c, s.config.LOUPE_TRUST_PROXY);
  const wait = s.keyFailures.retryAfter(address);
  if (wait > 0) {
    const message = `too many unknown keys from this address; retry in ${wait} s`;
    throw new ApiError(429, { code: 'RATE_LIMITED', message, headers: { 'Retry-After': String(wait) } });
  }
  return address;
}

/** Verifies a presented key under the flood throttle; known keys are never slowed here (their rate limit applies after). */
export async function verifyPresentedKey(
  s: FloodDeps & Pick<Services, 'keys'>,
  c: Context,
  secret: string,
): Promise<KeyRecord | null> {
  const address = assertNotFlooding(s, c);
  const key = await s.keys.verify(secret);
  if (!key) s.keyFailures.fail(address);
  return key;
}
