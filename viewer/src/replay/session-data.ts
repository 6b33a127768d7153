import { ApiFailure, type ApiClient } from '../api/api-client.ts';
import type { Page, SessionEvent, SessionItem } from '@loupe/schemas';

/** The events route's largest page: later pages, once the replay has its first frame. */
const EVENTS_PAGE = 10_000;
/** The first page is small, so the list and timeline have something at once whatever the session's length. */
const FIRST_EVENTS_PAGE = 500;

const path = (id: string, rest: string) => `/v1/sessions/${encodeURIComponent(id)}/${rest}`;

/**
 * All of a session's co-browse events, oldest first, page by page: `onPage` gets each as it comes
 * (the timeline and the event list need every one). Pages after the first wait for `later`, so a
 * long session's events do not compete with the replay's first frame.
 */
export async function loadSessionEvents(
  api: ApiClient,
  sessionId: string,
  signal: AbortSignal,
  onPage: (events: SessionEvent[]) => void,
  later: Promise<unknown> = Promise.resolve(),
): Promise<void> {
  let cursor: string | undefined;
  let limit = FIRST_EVENTS_PAGE;
  do {
    const page = await api.get<Page<SessionEvent>>(path(sessionId, 'events'), { limit, cursor }, signal);
    onPage(page.items);
    cursor = page.next ?? undefined;
    if (limit === FIRST_EVENTS_PAGE) await later;
    limit = EVENTS_PAGE;
  } while (cursor && !signal.aborted);
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
