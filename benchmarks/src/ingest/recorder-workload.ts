import type { RecorderBatch } from '@loupe/schemas';
import { gzipSync } from 'node:zlib';
import type { Fixture } from '../fixture/fixture.ts';
import { benchSessionId, eventCount, sessionBatches } from '../fixture/session-factory.ts';

/** Each simulated recorder sends one two-minute session of the fixture (24 batches, snapshot first), then takes another. */
export const LOAD_SESSION_MS = 2 * 60_000;
const TEMPLATE_ID = 'bench-template-session-0000';

/**
 * The batches of one simulated session, made once; sessions differ only in their id, so each
 * further session is the template's JSON with the id swapped (cheap enough to make thousands).
 */
export function loadTemplate(fixture: Fixture, now = Date.now()) {
  // An hour ago: inside the collector's one-day window, and a realistic replay of recent activity.
  const batches = sessionBatches(fixture, {
    sessionId: TEMPLATE_ID,
    start: now - 60 * 60_000,
    durationMs: LOAD_SESSION_MS,
    user: { id: 'cust-1', name: 'Ada' },
  });
  const json = batches.map((b) => JSON.stringify(b));
  const parts = json.map((j) => j.split(TEMPLATE_ID));
  // Gzip members concatenate (RFC 1952 §2.2): the text around the id is compressed once and a
  // session's body is [before][id][after], which inflates to the same JSON as compressing it whole.
  const gz = parts.map(([before, after]) => [gzipSync(before!), gzipSync(after!)] as const);
  return {
    batches,
    events: batches.map((b) => b.events.length + b.replay.length),
    totalEvents: eventCount(batches),
    /** Batch i of the session with this id, as JSON text. */
    jsonOf: (sessionId: string, i: number) => json[i]!.replace(TEMPLATE_ID, sessionId),
    /** Batch i, gzipped JSON as the recorder sends it. */
    gzipOf: (sessionId: string, i: number) => Buffer.concat([gz[i]![0], gzipSync(sessionId), gz[i]![1]]),
    batchesOf: (sessionId: string): RecorderBatch[] => batches.map((b) => ({ ...b, sessionId })),
  };
}
export type LoadTemplate = ReturnType<typeof loadTemplate>;

export const loadSessionId = (round: string, i: number) => benchSessionId(`load${round}`, i);
