import { z } from 'zod';
import { cobrowseData, cobrowseType, type CobrowseType } from './cobrowse-event.ts';
import { isoTime, page } from './page.response.ts';
import { replayEvent } from './replay-event.ts';

/** A session as the list shows it (GET /v1/sessions, /v1/sessions/{id}). */
export const sessionItem = z.object({
  sessionId: z.string(),
  startedAt: isoTime,
  endedAt: isoTime,
  durationMs: z.number(),
  user: z.object({ id: z.string(), name: z.string().optional() }).nullable(),
  hasAgent: z.boolean(),
  entryUrl: z.string(),
  pages: z.array(z.string()),
  eventCount: z.number(),
  eventCounts: z.record(cobrowseType, z.number()),
  replayEventCount: z.number(),
});
export type SessionItem = z.infer<typeof sessionItem>;

const stored = { sessionId: z.string(), seq: z.number(), idx: z.number(), isAgent: z.boolean() };

/** One co-browse event as reads send it; `extra` adds what storage knows of it. */
function eventVariants<S extends z.ZodRawShape>(extra: S) {
  const v = <T extends CobrowseType>(type: T) =>
    z.object({ type: z.literal(type), ts: isoTime, url: z.string().optional(), data: cobrowseData[type], ...extra });
  return z.discriminatedUnion('type', [
    v('CLICK'),
    v('SCROLL'),
    v('INPUT'),
    v('FORM'),
    v('PAGECHANGE'),
    v('SELECTION'),
    v('CUSTOM_EVENT'),
  ]);
}

/** A co-browse event of the live view: a union, so that `type` still narrows `data`. */
export const liveEvent = eventVariants({});
/** One stored co-browse event (GET /v1/sessions/{id}/events). */
export const sessionEvent = eventVariants(stored);
export type SessionEvent = z.infer<typeof sessionEvent>;

/** The type and data of a co-browse event, kept as a union so `type` still narrows `data`. */
export type CobrowseCore = SessionEvent extends infer E
  ? E extends SessionEvent
    ? Pick<E, 'type' | 'data'>
    : never
  : never;

/** One rrweb event as stored: the envelope is checked by the collector, `data` is rrweb's own. */
export const rrwebEvent = replayEvent;
export type RrwebEvent = z.infer<typeof rrwebEvent>;

export const sessionPage = page(sessionItem);
export const sessionEventPage = page(sessionEvent);
/** A replay window comes whole: `next` is always null. */
export const replayPage = z.object({ items: z.array(rrwebEvent), next: z.null() });

/** One `batch` message of the live view (GET /v1/sessions/{id}/live, server-sent events). */
export const liveBatch = z.object({
  seq: z.number(),
  isAgent: z.boolean(),
  events: z.array(liveEvent),
  replay: z.array(rrwebEvent),
});
export type LiveBatch = z.infer<typeof liveBatch>;
