import type { MiddlewareHandler } from 'hono';
import { ApiError } from './api-error.ts';

/** What a shed write is told: a flush (tens of milliseconds) frees room, so a second is plenty. */
const RETRY_AFTER_SECONDS = 1;

/**
 * The writes the collector holds, from their first byte to their answer. Each holds its body (and,
 * once decoded, its rows) in memory until storage has it, so past the limit a new write is shed
 * with 503 and Retry-After before its body is read: memory stays bounded however fast clients send,
 * and nothing is lost, because a shed write was never acknowledged.
 */
export class WriteLoad {
  #pending = 0;
  #peak = 0;

  constructor(readonly limit: number) {}

  get pending(): number {
    return this.#pending;
  }

  /** The most writes held at once since start (for tests and metrics). */
  get peak(): number {
    return this.#peak;
  }

  /** Middleware for a write route, placed before anything reads the body. */
  admit(): MiddlewareHandler {
    return async (_c, next) => {
      if (this.#pending >= this.limit) {
        throw new ApiError(503, {
          code: 'OVERLOADED',
          message: `the collector holds ${this.limit} writes already; retry in ${RETRY_AFTER_SECONDS} s`,
          headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
        });
      }
      this.#pending++;
      this.#peak = Math.max(this.#peak, this.#pending);
      try {
        await next();
      } finally {
        this.#pending--;
      }
    };
  }
}
