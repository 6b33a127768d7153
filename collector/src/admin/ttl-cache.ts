/**
 * A small time-bounded cache for control data. Entries live `ttlMs`, which is also how long a
 * change made by another collector (a revoked key, new settings) can take to be seen here.
 */
export class TtlCache<V> {
  readonly #entries = new Map<string, { value: V; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    const e = this.#entries.get(key);
    return e && e.until > this.now() ? e.value : undefined;
  }

  /**
   * The last value known, however old: what a lookup falls back on while storage is down, so
   * keys and settings seen before an outage keep working through it (expired entries are kept
   * for this, and evicted only by size).
   */
  stale(key: string): V | undefined {
    return this.#entries.get(key)?.value;
  }

  set(key: string, value: V): void {
    // Oldest-first eviction keeps a flood of unknown keys from growing memory without bound.
    this.#entries.delete(key);
    if (this.#entries.size >= this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, { value, until: this.now() + this.ttlMs });
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }
}
