import type { BodyLimits } from './read-body.ts';

/**
 * Every route's body limits, in one table. Bulk writes (recorder batches, platform records) take
 * the deployment's LOUPE_MAX_BODY_BYTES, and a gzip body may inflate to 8x it (recorder batches
 * compress about that well); the small forms of people and admins need far less, and less depth.
 */
export const BODY_LIMITS = {
  bulk: (maxBodyBytes: number): BodyLimits => ({
    maxBytes: maxBodyBytes,
    maxInflatedBytes: 8 * maxBodyBytes,
    maxDepth: 64,
  }),
  /** Sign-in and users: a few short strings. */
  person: (): BodyLimits => ({ maxBytes: 16 * 1024, maxInflatedBytes: 16 * 1024, maxDepth: 4 }),
  /** API keys, settings, tenants: lists of origins and addresses. */
  admin: (): BodyLimits => ({ maxBytes: 64 * 1024, maxInflatedBytes: 64 * 1024, maxDepth: 8 }),
  /** Analysts' SQL: one query of up to 100,000 characters. */
  sql: (): BodyLimits => ({ maxBytes: 256 * 1024, maxInflatedBytes: 256 * 1024, maxDepth: 4 }),
} as const;

export type BodyLimitName = keyof typeof BODY_LIMITS;

export const bodyLimits = (name: BodyLimitName, maxBodyBytes: number): BodyLimits => BODY_LIMITS[name](maxBodyBytes);
