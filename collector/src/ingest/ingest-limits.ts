import type { Context } from 'hono';
import { ApiError } from '../http/api-error.ts';
import { clientAddress } from '../http/client-address.ts';
import { RateLimiter } from '../http/rate-limiter.ts';
import type { ServiceConfig } from '../services.ts';

type LimitConfig = Pick<
  ServiceConfig,
  | 'LOUPE_INGEST_SESSION_RATE'
  | 'LOUPE_INGEST_ADDRESS_RATE'
  | 'LOUPE_INGEST_TENANT_RATE'
  | 'LOUPE_INGEST_TENANT_RATES'
  | 'LOUPE_TRUST_PROXY'
>;

/** Seconds of rate a bucket holds: a page that unloads sends its last batches at once as beacons. */
const BURST_SECONDS = 3;

export interface IngestLimits {
  /** Before the body is read: the client's address. */
  address(c: Context): void;
  /** Once the batch names its session: the session, then the tenant's ceiling. */
  session(tenantId: string, sessionId: string): void;
}

function refuse(what: string, retryAfterSeconds: number): never {
  throw new ApiError(429, {
    code: 'RATE_LIMITED',
    message: `too many recorder batches for this ${what}; retry in ${retryAfterSeconds} s`,
    headers: { 'Retry-After': String(retryAfterSeconds) },
  });
}

/**
 * Recorder limits that fit a public site key. Every visitor of a site sends with the same key, so a
 * limit per key would cap the whole site at one visitor's rate; instead each visitor session and
 * each client address has its own bucket, and the tenant as a whole has the ceiling the operator
 * sets (LOUPE_INGEST_TENANT_RATE, or its entry in LOUPE_INGEST_TENANT_RATES). A session spends its
 * own tokens before the tenant's, so one flooding session does not use up its site's ceiling.
 */
export function ingestLimits(config: LimitConfig, now: () => number): IngestLimits {
  const bucket = (perSecond: number) => new RateLimiter(perSecond, perSecond * BURST_SECONDS, now);
  const addresses = bucket(config.LOUPE_INGEST_ADDRESS_RATE);
  const sessions = bucket(config.LOUPE_INGEST_SESSION_RATE);
  const tenants = bucket(config.LOUPE_INGEST_TENANT_RATE);
  const ceiling = (tenantId: string) => {
    const perSecond = config.LOUPE_INGEST_TENANT_RATES[tenantId] ?? config.LOUPE_INGEST_TENANT_RATE;
    return { perSecond, burst: perSecond * BURST_SECONDS };
  };
  return {
    address(c) {
      const r = addresses.take(clientAddress(c, config.LOUPE_TRUST_PROXY));
      if (!r.ok) refuse('address', r.retryAfterSeconds);
    },
    session(tenantId, sessionId) {
      const s = sessions.take(`${tenantId}\u0000${sessionId}`);
      if (!s.ok) refuse('session', s.retryAfterSeconds);
      const t = tenants.take(tenantId, ceiling(tenantId));
      if (!t.ok) refuse('site', t.retryAfterSeconds);
    },
  };
}
