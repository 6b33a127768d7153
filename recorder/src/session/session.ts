import type { RecorderUser } from '../types.ts';
import { isExpired, newSession, type SessionState, type SessionStore } from './session-store.ts';
import type { TabClaim } from './tab-claim.ts';

export interface SessionLimits {
  sessionIdleMs: number;
  maxSessionMs: number;
}

export interface Session {
  readonly state: SessionState;
  /** Takes the next batch's sequence number and persists the advance before the batch exists. */
  nextSeq(): number;
  /** Idle past `sessionIdleMs`, or older than `maxSessionMs`: the next activity starts a new one. */
  expired(): boolean;
  /** Older than `maxSessionMs`, however active. */
  tooLong(): boolean;
  /** Ends this session and starts a new one in its place (same user). */
  renew(): void;
  /** Notes user activity. Persisted on `save`: activity is too frequent to write each time. */
  touch(): void;
  identify(user: RecorderUser): void;
  save(): void;
  /** Re-asserts this page's claim (on every tick, and after a bfcache restore). */
  claim(): void;
  release(): void;
  /** Whether some live page (this one or another tab) claims a session. */
  isLive(sessionId: string): boolean;
}

/**
 * The tab's session: continued from sessionStorage on reload unless it idled out, ran past its
 * maximum length, or another live tab (a duplicate of this one) claims it.
 */
export function openSession(
  store: SessionStore,
  tabs: TabClaim,
  limits: SessionLimits,
  now: () => number,
  user?: RecorderUser,
): Session {
  const stored = store.load();
  const reuse =
    stored && !isExpired(stored, now(), limits.sessionIdleMs, limits.maxSessionMs) && !tabs.heldByOther(stored.id);
  let state: SessionState = reuse ? stored : newSession(now(), user ?? stored?.user);
  if (user) state.user = user;
  store.save(state);
  tabs.claim(state.id);
  return {
    get state() {
      return state;
    },
    nextSeq() {
      const seq = state.seq++;
      store.save(state);
      return seq;
    },
    expired: () => isExpired(state, now(), limits.sessionIdleMs, limits.maxSessionMs),
    tooLong: () => now() - state.start > limits.maxSessionMs,
    renew() {
      tabs.release(state.id);
      state = newSession(now(), state.user);
      store.save(state);
      tabs.claim(state.id);
    },
    touch: () => void (state.last = now()),
    identify(u) {
      state.user = u;
      store.save(state);
    },
    save: () => store.save(state),
    claim: () => tabs.claim(state.id),
    release: () => tabs.release(state.id),
    isLive: (sid) => tabs.isLive(sid),
  };
}
