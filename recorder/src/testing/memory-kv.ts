import type { KeyValueStore } from '../util/idb-store.ts';

/** An in-memory stand-in for the IndexedDB store, for unit tests (the real one runs in Chromium tests). */
export class MemoryKv implements KeyValueStore {
  readonly map = new Map<string, unknown>();
  async put(key: string, value: unknown) {
    this.map.set(key, value);
    return true;
  }
  del(key: string) {
    this.map.delete(key);
  }
  async all() {
    return [...this.map.values()];
  }
}
