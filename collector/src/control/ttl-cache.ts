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
    if (!e) return undefined;
    if (e.until <= this.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  set(key: string, value: V): void {
    // Oldest-first eviction keeps a flood of unknown keys from growing memory without bound.
    if (this.#entries.size >= this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, { value, until: this.now() + this.ttlMs });
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }
}
