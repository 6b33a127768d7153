import { WIRE_FORMAT_VERSION } from '@loupe/schemas/wire';
import type { Session } from './session/session.ts';
import { createBatchBuffer } from './transport/batch-buffer.ts';
import { encodeBatch } from './transport/encode-batch.ts';
import { canGzip } from './transport/gzip.ts';
import { createOutbox, type Entry } from './transport/outbox.ts';
import { createSender, prepare } from './transport/sender.ts';
import type { CobrowseEvent } from './types.ts';
import type { KeyValueStore } from './util/idb-store.ts';
import type { Report } from './util/report.ts';
import { readItem, writeItem } from './util/web-storage.ts';

/**
 * One rrweb event over this many characters is dropped, since it cannot be split. Gzipped, a
 * full snapshot shrinks about tenfold, so with CompressionStream a 35,000-element page's 6.4M
 * characters go easily under the collector's 4 MiB body limit and within its 32 MiB inflated
 * limit; without gzip the body itself must fit the 4 MiB.
 */
const maxEventChars = () => (canGzip() ? 24_000_000 : 3_500_000);
/** Past this multiple of `maxQueueBytes` the oldest batches are dropped (DOM recording pauses at 1x: dom-control.ts). */
const HARD_CAP = 2;

export interface Delivery {
  addEvent(e: CobrowseEvent): void;
  addReplay(e: object | string): void;
  /** Turns the buffered events into the session's next batch and starts sending it. */
  flush(): void;
  /** The page was hidden (`leaving`: it is being unloaded or put in the back/forward cache). */
  hide(leaving: boolean): void;
  /** Sends what is waiting now, whatever the backoff said (back online, or back from the bfcache). */
  wake(): void;
  /** Takes in batches an earlier page of this tab left unsent, and those of tabs that are gone. */
  restore(): void;
  /** The recorder stopped: a last send, and no retries after it. */
  finish(): void;
  stats(): { queuedBatches: number; queuedBytes: number; droppedBatches: number };
}

export interface DeliveryDeps {
  url: string;
  storage: Storage | undefined;
  db: KeyValueStore | undefined;
  prefix: string;
  maxBatchBytes: number;
  maxQueueBytes: number;
  isAgent: boolean;
  session: Session;
  report: Report;
  now(): number;
  /** Batches were dropped to keep the queue bounded; `total` counts all drops of this page. */
  onDrop(total: number): void;
  onFatal(): void;
  /** The collector refuses this session to this page (its secret is lost): its batches were dropped. */
  onLost(sessionId: string): void;
}

/** Buffer, batches, outbox and sender: from recorded events to the collector's 202. */
export function createDelivery(d: DeliveryDeps): Delivery {
  let dropped = 0;
  let restored = false;
  const buffer = createBatchBuffer(
    d.maxBatchBytes,
    maxEventChars(),
    () => flush(),
    (size) => d.report(new Error(`rrweb event too large: ${size} characters`)),
  );
  const outbox = createOutbox({
    storage: d.storage,
    db: d.db,
    prefix: d.prefix,
    hardMaxBytes: d.maxQueueBytes * HARD_CAP,
    onDrop: (n) => d.onDrop((dropped += n)),
  });
  /** Each session's secret as a query string, for the batches sent after its first 202. */
  const secrets: Record<string, string> = {};
  const sender = createSender({
    url: d.url,
    outbox,
    report: d.report,
    now: d.now,
    // In memory, and in localStorage beside the outbox: a tab that restores a closed tab's batches
    // needs its secret. Memory alone where storage throws, or every later batch would be refused.
    // (Session ids hold no ':', so `prefix + id` meets no outbox or tab-claim key.)
    secret: (sid, s, k = d.prefix + sid) => (
      s && writeItem(d.storage, k, (secrets[sid] = `&ss=${s}`)), secrets[sid] || readItem(d.storage, k) || ''
    ),
    // A batch of a session whose secret is lost was dropped: counted and said (loupe:dropped).
    onLost: (sid) => (d.onDrop(++dropped), d.onLost(sid)),
    onFatal() {
      // Nothing of this key will ever be accepted: keep none of it.
      [...outbox.entries()].forEach((e) => outbox.remove(e));
      d.onFatal();
    },
  });
  // Nothing goes before the batches an earlier page left are back in the queue: order is kept.
  const kick = () => restored && sender.kick();

  function flush() {
    const parts = buffer.take();
    if (!parts) return;
    const { id: sessionId, user } = d.session.state;
    const seq = d.session.nextSeq();
    const at = d.now();
    const body = encodeBatch(
      { v: WIRE_FORMAT_VERSION, sessionId, seq, isAgent: d.isAgent, ...(user ? { user } : {}), sentAt: at },
      parts,
    );
    const entry: Entry = { sessionId, seq, at, body };
    prepare(entry);
    outbox.add(entry);
    if (document.visibilityState === 'hidden') outbox.persist();
    kick();
  }

  return {
    addEvent: buffer.addEvent,
    addReplay: buffer.addReplay,
    flush,
    hide(leaving) {
      flush();
      outbox.persist();
      if (leaving) sender.beaconAll();
      else kick();
    },
    wake: () => restored && sender.wake(),
    restore() {
      outbox
        .restore((sid) => !d.session.isLive(sid), d.session.state.id)
        .catch(d.report)
        .then(() => {
          restored = true;
          outbox.entries().forEach(prepare);
          sender.kick();
        });
    },
    finish() {
      flush();
      sender.finish();
    },
    stats: () => ({ queuedBatches: outbox.entries().length, queuedBytes: outbox.bytes, droppedBatches: dropped }),
  };
}
