/**
 * A token bucket per key. Written here rather than taken from a library because the bucket is
 * keyed by the authenticated key (known only after auth) and its state is two numbers; idle
 * buckets are swept so the map cannot grow without bound.
 */
export class RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Takes a token; answers the seconds to wait when none is left. `rate` overrides the limiter's
   * own for this key (a tenant's ceiling the operator set apart).
   */
  take(
    key: string,
    rate: { perSecond: number; burst: number } = { perSecond: this.perSecond, burst: this.burst },
  ): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const { perSecond, burst } = rate;
    const now = this.now();
    const b = this.#buckets.get(key) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond);
    b.at = now;
    if (this.#buckets.size > 100_000) this.#sweep(now);
    this.#buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / perSecond)) };
  }

  #sweep(now: number): void {
    const full = (this.burst / this.perSecond) * 1000;
    for (const [k, b] of this.#buckets) if (now - b.at > full) this.#buckets.delete(k);
  }
}
