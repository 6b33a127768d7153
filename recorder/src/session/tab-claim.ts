import { readItem, removeItem, writeItem } from '../util/web-storage.ts';

/**
 * A claim older than this belongs to a tab that is gone: live tabs renew theirs on every flush
 * tick, and browsers throttle a hidden tab's timers to at most one a minute.
 */
export const CLAIM_FRESH_MS = 90_000;

/**
 * Which page is recording a session, in localStorage where every tab can see it. It answers two
 * questions: "was this tab duplicated?" (the copy inherits the session id in sessionStorage while
 * the original still claims it; the copy then starts a session of its own) and "are these stored
 * batches orphaned?" (their session has no live claim, so this page may send them).
 */
export interface TabClaim {
  claim(sessionId: string): void;
  release(sessionId: string): void;
  /** Another page claims the session and renewed the claim recently. */
  heldByOther(sessionId: string): boolean;
  /** Any page claims the session and renewed the claim recently. */
  isLive(sessionId: string): boolean;
}

export function createTabClaim(
  storage: Storage | undefined,
  prefix: string,
  pageId: string,
  now: () => number,
): TabClaim {
  const key = (sid: string) => `${prefix}live:${sid}`;
  const read = (sid: string) => {
    const [page = '', at = '0'] = (readItem(storage, key(sid)) ?? '').split(' ');
    return { page, fresh: now() - Number(at) < CLAIM_FRESH_MS };
  };
  return {
    claim: (sid) => void writeItem(storage, key(sid), `${pageId} ${now()}`),
    release(sid) {
      if (read(sid).page === pageId) removeItem(storage, key(sid));
    },
    heldByOther(sid) {
      const c = read(sid);
      return c.fresh && c.page !== '' && c.page !== pageId;
    },
    isLive: (sid) => read(sid).fresh,
  };
}
