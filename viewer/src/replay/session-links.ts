import type { SessionItem } from '@loupe/schemas';

/** A session whose last activity is this recent may still be recording: it gets a live view. */
export const LIVE_WINDOW_MS = 5 * 60_000;

export const isRecent = (s: Pick<SessionItem, 'endedAt'>, now = Date.now()) =>
  now - Date.parse(s.endedAt) < LIVE_WINDOW_MS;

/** The replay at a moment: `t` is milliseconds from the session's start. */
export function replayPath(sessionId: string, offsetMs?: number): string {
  const base = `/sessions/${encodeURIComponent(sessionId)}`;
  return offsetMs === undefined ? base : `${base}?t=${Math.max(0, Math.round(offsetMs))}`;
}

/** What the session list hands to the replay page in history.state, so it need not look it up. */
export interface ReplayState {
  session: SessionItem;
}

export function isReplayState(v: unknown, sessionId: string): v is ReplayState {
  const s = (v as ReplayState | null)?.session;
  return (
    typeof s === 'object' &&
    s !== null &&
    s.sessionId === sessionId &&
    typeof s.startedAt === 'string' &&
    typeof s.endedAt === 'string'
  );
}
