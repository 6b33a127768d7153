import type { ApiClient } from '../api/api-client.ts';
import type { Page, RrwebEvent, SessionEvent, SessionItem } from '../api/wire-types.ts';

/** The events route's largest page. */
const EVENTS_PAGE = 10_000;
/** Pages of sessions to look through when finding one by a moment it was active. */
const MAX_LOOKUP_PAGES = 5;

const path = (id: string, rest: string) => `/v1/sessions/${encodeURIComponent(id)}/${rest}`;

/** All of a session's co-browse events, oldest first: the timeline and the event list need every one. */
export async function loadSessionEvents(api: ApiClient, sessionId: string, signal: AbortSignal): Promise<SessionEvent[]> {
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
 * A session's summary when the list did not hand it over (a reload in a new tab, a shared link).
 * The API has no GET /v1/sessions/:id, so: list the sessions active at the moment of the
 * session's first event and pick it out. Without events, the whole replay is read once and the
 * session's bounds come from it (returned too, so it is not read twice).
 */
export async function findSession(
  api: ApiClient,
  sessionId: string,
  events: readonly SessionEvent[],
  signal: AbortSignal,
): Promise<{ session: SessionItem; replay?: RrwebEvent[] } | null> {
  const first = events[0];
  if (first) {
    let cursor: string | undefined;
    for (let i = 0; i < MAX_LOOKUP_PAGES; i++) {
      const page = await api.get<Page<SessionItem>>('/v1/sessions', { from: first.ts, to: first.ts, limit: 1000, cursor }, signal);
      const found = page.items.find((s) => s.sessionId === sessionId);
      if (found) return { session: found };
      if (!page.next) break;
      cursor = page.next;
    }
  }
  const replay = (await api.get<{ items: RrwebEvent[] }>(path(sessionId, 'replay'), {}, signal)).items;
  if (replay.length === 0) return null;
  let start = Infinity;
  let end = -Infinity;
  for (const e of replay) (start = Math.min(start, e.timestamp)), (end = Math.max(end, e.timestamp));
  for (const e of events) (start = Math.min(start, Date.parse(e.ts))), (end = Math.max(end, Date.parse(e.ts)));
  const session: SessionItem = {
    sessionId,
    startedAt: new Date(start).toISOString(),
    endedAt: new Date(end).toISOString(),
    durationMs: end - start,
    user: null,
    hasAgent: events.some((e) => e.isAgent),
    entryUrl: events.find((e) => e.url)?.url ?? '',
    pages: [],
    eventCount: events.length,
    eventCounts: { CLICK: 0, SCROLL: 0, INPUT: 0, FORM: 0, PAGECHANGE: 0, SELECTION: 0, CUSTOM_EVENT: 0 },
    replayEventCount: replay.length,
  };
  for (const e of events) session.eventCounts[e.type]++;
  return { session, replay };
}
