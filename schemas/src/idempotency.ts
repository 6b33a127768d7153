import { z } from 'zod';

/** The `Idempotency-Key` header of platform POSTs (Stripe's convention: up to 255 characters). */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const idempotencyKey = z
  .string()
  .min(1, 'must not be empty')
  .max(255, 'must be at most 255 characters')
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces, e.g. a UUID');

/** How long a key is remembered: at least 24 hours (DESIGN.md), two days to be safe. */
export const IDEMPOTENCY_KEEP_HOURS = 48;
