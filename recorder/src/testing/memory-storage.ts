/**
 * Web Storage in memory, for unit tests in Node; `quota` makes writes past it throw as browsers do.
 * Like the real one, its items are also its own enumerable properties (`Object.keys(storage)`).
 */
export class MemoryStorage implements Storage {
  readonly #items = new Map<string, string>();
  readonly #quota: number;
  constructor(quota = Infinity) {
    this.#quota = quota;
  }
  get length() {
    return this.#items.size;
  }
  key(i: number) {
    return [...this.#items.keys()][i] ?? null;
  }
  getItem(k: string) {
    return this.#items.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    const used = [...this.#items].reduce((n, [key, val]) => n + (key === k ? 0 : key.length + val.length), 0);
    if (used + k.length + v.length > this.#quota) throw new DOMException('quota exceeded', 'QuotaExceededError');
    this.#items.set(k, v);
    this[k] = v;
  }
  removeItem(k: string) {
    this.#items.delete(k);
    delete this[k];
  }
  clear() {
    for (const k of this.#items.keys()) delete this[k];
    this.#items.clear();
  }
  [name: string]: unknown;
}
