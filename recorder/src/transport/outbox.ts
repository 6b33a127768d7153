import { keysWithPrefix, readItem, removeItem, writeItem } from '../util/web-storage.ts';

/** One encoded batch waiting for the collector's answer. */
export interface Entry {
  sessionId: string;
  seq: number;
  /** When it was made (epoch ms): the collector refuses events older than a day. */
  at: number;
  body: string;
  /** The gzip of `body`, once made; `zipped` resolves when it is (or when gzip failed). */
  gz?: Blob;
  zipped?: Promise<void>;
  /** A request for it is under way (with keepalive, it outlives the page). */
  flight?: 'fetch' | 'keepalive';
  /** A copy is in localStorage. */
  stored?: boolean;
}

/** Stored batches older than this are deleted unsent: the collector refuses events a day old. */
const MAX_AGE_MS = 23 * 60 * 60_000;

export interface Outbox {
  add(e: Entry): void;
  remove(e: Entry): void;
  /** The oldest entry with no request under way. */
  next(): Entry | undefined;
  entries(): readonly Entry[];
  /** Copies every entry not yet stored to localStorage (best effort: the quota may be full). */
  persist(): void;
  /** Takes in stored batches: this session's (a reload) and those no live tab owns (a closed tab). */
  restore(isOrphan: (sessionId: string) => boolean, ownSessionId: string): void;
  readonly bytes: number;
}

/**
 * Unacknowledged batches, oldest first, bounded by `maxBytes`: past it the oldest are dropped and
 * `onDrop` hears how many, so a dead collector never grows the page's memory or storage. Each
 * batch is its own localStorage item, so storing or forgetting one never rewrites the others.
 */
export function createOutbox(storage: Storage | undefined, prefix: string, maxBytes: number, now: () => number, onDrop: (batches: number) => void): Outbox {
  const list: Entry[] = [];
  let bytes = 0;
  const keyOf = (e: Pick<Entry, 'sessionId' | 'seq'>) => `${prefix}b:${e.sessionId}:${e.seq}`;
  const forget = (e: Entry) => {
    const i = list.indexOf(e);
    if (i < 0) return;
    list.splice(i, 1);
    bytes -= e.body.length;
    if (e.stored) removeItem(storage, keyOf(e));
  };
  const trim = () => {
    let dropped = 0;
    // The newest entry always stays, even alone over the limit: it is the one being sent.
    while (bytes > maxBytes && list.length > 1) {
      const oldest = list.find((e) => !e.flight);
      if (!oldest || oldest === list[list.length - 1]) break;
      forget(oldest);
      dropped++;
    }
    if (dropped) onDrop(dropped);
  };
  const add = (e: Entry) => {
    if (list.some((x) => x.sessionId === e.sessionId && x.seq === e.seq)) return;
    list.push(e);
    bytes += e.body.length;
    trim();
  };
  return {
    add,
    remove: forget,
    next: () => list.find((e) => !e.flight),
    entries: () => list,
    persist() {
      for (const e of list) if (!e.stored) e.stored = writeItem(storage, keyOf(e), `${e.at}\n${e.body}`);
    },
    restore(isOrphan, own) {
      const found: Entry[] = [];
      for (const key of keysWithPrefix(storage, `${prefix}b:`)) {
        const [sessionId = '', seqText = ''] = key.slice(prefix.length + 2).split(':');
        if (sessionId !== own && !isOrphan(sessionId)) continue;
        const value = readItem(storage, key) ?? '';
        const cut = value.indexOf('\n');
        const at = Number(value.slice(0, cut));
        const seq = Number(seqText);
        if (cut < 0 || !Number.isInteger(seq) || !(now() - at < MAX_AGE_MS)) removeItem(storage, key);
        else found.push({ sessionId, seq, at, body: value.slice(cut + 1), stored: true });
      }
      found.sort((a, b) => a.at - b.at || a.seq - b.seq);
      found.forEach(add);
    },
    get bytes() {
      return bytes;
    },
  };
}
