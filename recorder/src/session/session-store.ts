import type { RecorderUser } from '../types.ts';
import { randomId } from '../util/random-id.ts';
import { readItem, writeItem } from '../util/web-storage.ts';

/** One tab's session, kept in sessionStorage so a reload or a navigation continues it. */
export interface SessionState {
  id: string;
  /** The next batch's sequence number: persisted with the session so a reload never reuses one. */
  seq: number;
  /** When the session started and when the user was last active (epoch ms). */
  start: number;
  last: number;
  user?: RecorderUser;
}

export const newSession = (now: number, user?: RecorderUser): SessionState => ({
  id: randomId(),
  seq: 0,
  start: now,
  last: now,
  ...(user ? { user } : {}),
});

export function isExpired(s: SessionState, now: number, idleMs: number, maxMs: number): boolean {
  return now - s.last > idleMs || now - s.start > maxMs || now < s.last - 60_000; // a clock set back
}

const isState = (v: unknown): v is SessionState => {
  const s = v as SessionState;
  return (
    typeof s?.id === 'string' &&
    /^[A-Za-z0-9_-]{8,64}$/.test(s.id) &&
    [s.seq, s.start, s.last].every((n) => Number.isInteger(n) && n >= 0)
  );
};

export interface SessionStore {
  load(): SessionState | undefined;
  save(s: SessionState): void;
}

export function createSessionStore(storage: Storage | undefined, key: string): SessionStore {
  return {
    load() {
      try {
        const v: unknown = JSON.parse(readItem(storage, key) ?? 'null');
        return isState(v) ? v : undefined;
      } catch {
        return undefined;
      }
    },
    save: (s) => void writeItem(storage, key, JSON.stringify(s)),
  };
}
