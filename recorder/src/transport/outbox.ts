import type { KeyValueStore } from '../util/idb-store.ts';
import { readItem, removeItem, writeItem } from '../util/web-storage.ts';

/** One encoded batch waiting for the collector's answer. */
export interface Entry {
  sessionId: string;
  seq: number;
  /** When it was made (epoch ms): the collector refuses events older than a day. */
  at: number;
  /** The JSON; emptied once the gzip is made and kept in IndexedDB (the gzip is what is sent). */
  body: string;
  /** The gzip of `body`, once made; `zipped` resolves when it is (and is unset if gzip failed). */
  gz?: Blob;
  zipped?: Promise<void>;
  /** A request for it is under way (with keepalive, it outlives the page). */
  flight?: 'fetch' | 'keepalive';
  /** A copy is in IndexedDB (the gzip, or the JSON where gzip failed). */
  kept?: boolean;
  /** A copy of the JSON is in localStorage (written when the page goes away before `kept`). */
  stored?: boolean;
}

/** How an entry is kept in IndexedDB (the body as it will be sent: gzip Blob, else JSON) and localStorage (JSON). */
interface Kept {
  s: string;
  q: number;
  at: number;
  b: Blob | string;
  /** Read from localStorage. */
  ls?: 1;
}

/** Bytes an entry costs on the wire: its gzip once made, else its JSON (none while being gzipped). */
export const sizeOf = (e: Entry) => (e.gz ? e.gz.size : e.zipped ? 0 : e.body.length);

export interface Outbox {
  add(e: Entry): void;
  remove(e: Entry): void;
  /** The oldest entry with no request under way. */
  next(): Entry | undefined;
  entries(): readonly Entry[];
  /**
   * Copies every entry not yet in IndexedDB to localStorage: the page may be going away, and an
   * IndexedDB write begun now may never commit (a page frozen in the back/forward cache).
   */
  persist(): void;
  /** Takes in stored batches: this session's (a reload) and those no live tab owns (a closed tab). */
  restore(isOrphan: (sessionId: string) => boolean, ownSessionId: string): Promise<void>;
  /** What the waiting batches cost on the wire. */
  readonly bytes: number;
}

export interface OutboxDeps {
  storage: Storage | undefined;
  db: KeyValueStore | undefined;
  prefix: string;
  /** Past this many bytes the oldest batches are dropped: the recorder should have paused well before. */
  hardMaxBytes: number;
  onDrop(batches: number): void;
}

/**
 * Unacknowledged batches, oldest first. Each is written to IndexedDB once gzipped, so a reload or
 * a crash of the tab keeps it; when the page goes away, batches not there yet go to localStorage,
 * which writes at once. The next page of the tab (or of any tab, for a closed one) sends them. The delivery
 * pauses DOM recording long before `hardMaxBytes`; past it the oldest batches are dropped and
 * `onDrop` hears how many, so a dead collector never grows the page's memory or storage unbounded.
 */
export function createOutbox(d: OutboxDeps): Outbox {
  const list: Entry[] = [];
  const keyOf = (e: Entry) => `${d.prefix}b:${e.sessionId}:${e.seq}`;
  const record = (e: Entry, b: Blob | string): Kept => ({ s: e.sessionId, q: e.seq, at: e.at, b });
  const total = () => list.reduce((n, e) => n + sizeOf(e), 0);
  const forget = (e: Entry) => {
    const i = list.indexOf(e);
    if (i < 0) return;
    list.splice(i, 1);
    d.db?.del(keyOf(e));
    if (e.stored) removeItem(d.storage, keyOf(e));
  };
  const trim = () => {
    let dropped = 0;
    // The newest entry always stays, even alone over the limit: it is the one being sent.
    while (total() > d.hardMaxBytes && list.length > 1) {
      const oldest = list.find((e) => !e.flight);
      if (!oldest || oldest === list[list.length - 1]) break;
      forget(oldest);
      dropped++;
    }
    if (dropped) d.onDrop(dropped);
  };
  const write = async (e: Entry) => {
    if (await d.db?.put(keyOf(e), record(e, e.gz ?? e.body))) {
      e.kept = true;
      // Acknowledged before or while being written: the copy must not be sent again by the next page.
      if (!list.includes(e)) d.db!.del(keyOf(e));
      else if (e.gz) e.body = ''; // the gzip in memory and on disk is all that is needed now
    }
  };
  const add = (e: Entry) => {
    if (list.some((x) => x.sessionId === e.sessionId && x.seq === e.seq)) return;
    // Oldest first, wherever it comes from: restored batches go before this page's.
    const i = list.findIndex((x) => !x.flight && (x.at > e.at || (x.at === e.at && x.seq > e.seq)));
    list.splice(i < 0 ? list.length : i, 0, e);
    if (!e.kept) void e.zipped?.then(() => write(e));
    trim();
  };
  return {
    add,
    remove: forget,
    next: () => list.find((e) => !e.flight),
    entries: () => list,
    persist() {
      for (const e of list)
        if (!e.kept && !e.stored) e.stored = writeItem(d.storage, keyOf(e), JSON.stringify(record(e, e.body)));
    },
    async restore(isOrphan, own) {
      const found: Kept[] = [];
      for (const key of Object.keys(d.storage ?? {})) {
        if (!key.startsWith(`${d.prefix}b:`)) continue;
        try {
          found.push({ ...JSON.parse(readItem(d.storage, key)!), ls: 1 });
        } catch {
          removeItem(d.storage, key);
        }
      }
      // add() puts each in its place by time, and takes one copy of a batch in both stores.
      // Batches too old for the collector are sent all the same: it refuses them, and says so.
      for (const k of [...found, ...(((await d.db?.all()) ?? []) as Kept[])]) {
        if (k.s !== own && !isOrphan(k.s)) continue;
        const text = typeof k.b === 'string';
        add({
          sessionId: k.s,
          seq: k.q,
          at: k.at,
          body: text ? (k.b as string) : '',
          kept: !k.ls,
          stored: !!k.ls,
          gz: text ? undefined : (k.b as Blob),
        });
      }
    },
    get bytes() {
      return total();
    },
  };
}
