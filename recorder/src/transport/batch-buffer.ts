import { WIRE_LIMITS } from '@loupe/schemas/wire';
import type { CobrowseEvent } from '../types.ts';

/** The collector's per-batch limits. */
const MAX_EVENTS = WIRE_LIMITS.eventsPerBatch;
const MAX_REPLAY = WIRE_LIMITS.replayPerBatch;

export interface BufferedParts {
  events: string[];
  replay: string[];
}

export interface BatchBuffer {
  addEvent(e: CobrowseEvent): void;
  /** An rrweb event, or its JSON text when it was encoded already (the sliced full snapshot). */
  addReplay(e: object | string): void;
  /** Empties the buffer; undefined when there was nothing in it. */
  take(): BufferedParts | undefined;
  readonly bytes: number;
}

/**
 * Holds the events of the next batch as JSON text. Each event is serialised when it arrives:
 * the work is spread over the session instead of landing on one flush, the exact size is known
 * for the size limit, and later changes to an rrweb object cannot alter what was recorded.
 * `onFull` runs when the batch should go now; `onTooLarge` when one event alone is over the limit.
 */
export function createBatchBuffer(
  maxBytes: number,
  maxEventBytes: number,
  onFull: () => void,
  onTooLarge: (bytes: number) => void,
): BatchBuffer {
  let events: string[] = [];
  let replay: string[] = [];
  let bytes = 0;
  const add = (which: 'events' | 'replay', json: string, max: number) => {
    if (json.length > maxEventBytes) return onTooLarge(json.length);
    // A big event starts a batch of its own rather than swell the one under way past its limit.
    if (bytes && bytes + json.length > maxBytes) onFull();
    const list = which === 'events' ? events : replay;
    list.push(json);
    bytes += json.length + 1;
    if (bytes >= maxBytes || list.length >= max) onFull();
  };
  return {
    addEvent: (e) => add('events', JSON.stringify(e), MAX_EVENTS),
    addReplay: (e) => add('replay', typeof e === 'string' ? e : JSON.stringify(e), MAX_REPLAY),
    take() {
      if (!events.length && !replay.length) return undefined;
      const parts = { events, replay };
      events = [];
      replay = [];
      bytes = 0;
      return parts;
    },
    get bytes() {
      return bytes;
    },
  };
}
