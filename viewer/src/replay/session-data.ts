import { ApiFailure, type ApiClient } from '../api/api-client.ts';
import type { Page, SessionEvent, SessionItem } from '@loupe/schemas';

/** The events route's largest page. */
const EVENTS_PAGE = 10_000;

const path = (id: string, rest: string) => `/v1/sessions/${encodeURIComponent(id)}/${rest}`;

/** All of a session's co-browse events, oldest first: the timeline and the event list need every one. */
export async function loadSessionEvents(
  api: ApiClient,
  sessionId: string,
  signal: AbortSignal,
): Promise<SessionEvent[]> {
  const all: SessionEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.get<Page<SessionEvent>>(path(sessionId, 'events'), { limit: EVENTS_PAGE, cursor }, signal);
    all.push(...page.items);
    cursor = page.next ?? undefined;
  } while (cursor);
  return all;
}

/**
 * A session's summary when the list did not hand it over (a reload in a new tab, a shared link);
 * null when the collector knows no such session (never recorded, archived, or a wrong link).
 */
export async function fetchSession(
  api: ApiClient,
  sessionId: string,
  signal: AbortSignal,
): Promise<SessionItem | null> {
  try {
    return await api.get<SessionItem>(`/v1/sessions/${encodeURIComponent(sessionId)}`, {}, signal);
  } catch (e) {
    if (e instanceof ApiFailure && e.status === 404) return null;
    throw e;
  }
}
