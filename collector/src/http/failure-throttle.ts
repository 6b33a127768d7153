/**
 * Counts failures (a wrong key, a wrong password) per bucket, e.g. per client address, and says
 * when a bucket has failed too often. Successes cost nothing, so an office behind one address
 * signing in all at once is never slowed; only a run of failures is. Each bucket holds `burst`
 * failures and forgives `perSecond` of them a second; idle buckets are swept so a flood of
 * addresses cannot grow the map without bound.
 */
export class FailureThrottle {
  readonly #buckets = new Map<string, { failures: number; at: number }>();

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
    private readonly maxBuckets = 100_000,
  ) {}

  /** Failures counted for the bucket now, after forgiveness. */
  failures(key: string): number {
    const b = this.#buckets.get(key);
    if (!b) return 0;
    return Math.max(0, b.failures - ((this.now() - b.at) / 1000) * this.perSecond);
  }

  /** Seconds to wait before the bucket may fail again; 0 when it may now. */
  retryAfter(key: string): number {
    const over = this.failures(key) - (this.burst - 1);
    return over <= 0 ? 0 : Math.max(1, Math.ceil(over / this.perSecond));
  }

  fail(key: string): void {
    const failures = this.failures(key) + 1;
    this.#buckets.delete(key);
    if (this.#buckets.size >= this.maxBuckets) this.#sweep();
    this.#buckets.set(key, { failures, at: this.now() });
  }

  /** Forgets a bucket, e.g. a user's after they sign in. */
  clear(key: string): void {
    this.#buckets.delete(key);
  }

  #sweep(): void {
    for (const k of this.#buckets.keys()) if (this.failures(k) === 0) this.#buckets.delete(k);
    // Still nearly full of live buckets (a flood from very many addresses): drop the oldest tenth
    // rather than grow, so the next sweep is a tenth of the map away, not one request.
    const keep = Math.floor(this.maxBuckets * 0.9);
    for (const k of this.#buckets.keys()) {
      if (this.#buckets.size <= keep) break;
      this.#buckets.delete(k);
    }
  }
}
