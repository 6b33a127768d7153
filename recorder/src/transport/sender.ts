import type { Report } from '../util/report.ts';
import { retryDelay, verdictOf } from './backoff.ts';
import { canGzip, gzip } from './gzip.ts';
import type { Entry, Outbox } from './outbox.ts';

/**
 * Browsers allow 64 KiB of keepalive request bodies in flight per page (fetch spec); what is over
 * it is refused. A margin stays free for the page's own beacons.
 */
const KEEPALIVE_BUDGET = 60_000;

export interface Sender {
  /** Sends what is waiting, unless a retry is already scheduled. */
  kick(): void;
  /** Retries at once (the browser is back online, or the page is visible again). */
  wake(): void;
  /** The page is going away: hands every batch not already travelling with keepalive to sendBeacon. */
  beaconAll(): void;
  /** Sends what is waiting once more, then schedules nothing: the recorder has stopped. */
  finish(): void;
}

export interface SenderDeps {
  url: string;
  outbox: Outbox;
  report: Report;
  /** 401 or 403: the key or the origin is refused, so recording is pointless. */
  onFatal(status: number): void;
  /**
   * 403 SESSION_NOT_YOURS: the collector bound this session to a secret the page no longer has
   * (storage cleared, or a tab of another browser profile): none of its batches can go.
   */
  onLost(sessionId: string): void;
  now(): number;
  /**
   * Keeps the session secret a session's first 202 carried (in its Loupe-Secret header)
   * and answers the query string that sends it with every later batch ('' before there is one).
   */
  secret(sessionId: string, secret?: string | null): string;
}

/**
 * Our own status for a 403 SESSION_NOT_YOURS, which unlike other 403s refuses one session, not
 * the key: its secret is lost, and this batch and every other of that session can never go
 * (verdictOf: dropped), while the recorder goes on in a new session.
 */
export const SECRET_LOST = -403;

/** Starts gzipping an entry now, so it is ready by the time it is sent or beaconed. */
export function prepare(e: Entry): void {
  if (e.zipped || e.gz || !canGzip()) return;
  e.zipped = gzip(e.body).then(
    (gz) => void (e.gz = gz),
    () => void (e.zipped = undefined), // gzip failed: the body goes as plain JSON (or is zipped again)
  );
}

/**
 * Sends batches one at a time, oldest first, as CORS "simple" requests (text/plain, key in the
 * query string) so no preflight doubles the round trips. A batch leaves the outbox only on an
 * answer: 2xx, or a 4xx that retrying cannot fix. Anything else waits with exponential backoff.
 */
export function createSender(d: SenderDeps): Sender {
  let busy = false;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let keepaliveBytes = 0;

  async function post(e: Entry): Promise<{ status: number; retryAfter: string | null }> {
    prepare(e);
    await e.zipped;
    const body: Blob | string = e.gz ?? e.body;
    const size = typeof body === 'string' ? body.length * 2 : body.size; // UTF-16 worst case for text
    const keepalive = keepaliveBytes + size <= KEEPALIVE_BUDGET;
    e.flight = keepalive ? 'keepalive' : 'fetch';
    if (keepalive) keepaliveBytes += size;
    try {
      const res = await fetch(d.url + d.secret(e.sessionId), {
        method: 'POST',
        body,
        keepalive,
        credentials: 'omit',
        headers: { 'Content-Type': 'text/plain' },
      });
      d.secret(e.sessionId, res.headers.get('Loupe-Secret'));
      const lost = res.status === 403 && /NOT_YOURS/.test(await res.text());
      return { status: lost ? SECRET_LOST : res.status, retryAfter: res.headers.get('Retry-After') };
    } catch {
      return { status: 0, retryAfter: null };
    } finally {
      if (keepalive) keepaliveBytes -= size;
      e.flight = undefined;
    }
  }

  function schedule(delay: number) {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void pump();
    }, delay);
  }

  async function pump(): Promise<void> {
    if (busy) return;
    busy = true;
    try {
      for (let e = d.outbox.next(); e; e = d.outbox.next()) {
        // Offline, a request fails at once and backs off like any other; the 'online' event wakes it.
        const { status, retryAfter } = await post(e);
        const verdict = verdictOf(status);
        if (verdict === 'retry') {
          failures++;
          d.outbox.persist();
          if (!stopped) schedule(retryDelay(failures, retryAfter, d.now()));
          break;
        }
        failures = 0;
        d.outbox.remove(e);
        if (verdict === 'drop') d.report(new Error(`batch ${e.seq} dropped: ${status}`));
        if (status === SECRET_LOST) d.onLost(e.sessionId);
        if (verdict === 'fatal') {
          d.report(new Error(`key refused: ${status}`));
          d.onFatal(status);
          break;
        }
      }
    } catch (err) {
      d.report(err);
    } finally {
      busy = false;
    }
  }

  return {
    kick() {
      if (!timer && !stopped) void pump();
    },
    wake() {
      if (stopped) return;
      clearTimeout(timer);
      timer = undefined;
      void pump();
    },
    beaconAll() {
      // Every ES2020 browser has sendBeacon; a call that throws is caught below.
      let budget = KEEPALIVE_BUDGET - keepaliveBytes;
      for (const e of d.outbox.entries()) {
        if (e.flight === 'keepalive') continue; // it survives the page on its own
        const body = e.gz ?? new Blob([e.body], { type: 'text/plain' });
        if (body.size > budget) continue; // too big to beacon: it waits in storage for the next page
        try {
          if (navigator.sendBeacon(d.url + d.secret(e.sessionId), body)) budget -= body.size;
        } catch (err) {
          d.report(err);
        }
      }
    },
    finish() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      void pump();
    },
  };
}
