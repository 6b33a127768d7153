/** One IndexedDB object store used as a key-value store; nothing here ever throws or rejects. */
export interface KeyValueStore {
  /** Answers whether the value was written. */
  put(key: string, value: unknown): Promise<boolean>;
  del(key: string): void;
  /** Every value; empty when the database cannot be read. */
  all(): Promise<unknown[]>;
}

const done = <T>(r: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });

/**
 * Opens (or creates) database `name` with one store. IndexedDB rather than localStorage for
 * batches waiting for the collector: it takes Blobs (the gzipped body, as it will be sent), its
 * quota is a share of the disk instead of 5 MB of UTF-16, and writes do not block the page.
 * Where it is missing or refused (some private modes), every call fails softly.
 */
export function openStore(name: string): KeyValueStore | undefined {
  let open: IDBOpenDBRequest;
  try {
    open = indexedDB.open(name, 1);
  } catch {
    return undefined; // no IndexedDB here, or it refuses this page
  }
  open.onupgradeneeded = () => open.result.createObjectStore('s');
  const db = done(open);
  db.catch(() => {});
  const store = (mode: IDBTransactionMode) => db.then((d) => d.transaction('s', mode).objectStore('s'));
  return {
    put: (key, value) =>
      store('readwrite')
        .then((s) => done(s.put(value, key)))
        .then(
          () => true,
          () => false,
        ),
    del: (key) =>
      void store('readwrite')
        .then((s) => done(s.delete(key)))
        .catch(() => {}),
    all: () =>
      store('readonly')
        .then((s) => done(s.getAll()))
        .catch(() => []),
  };
}
