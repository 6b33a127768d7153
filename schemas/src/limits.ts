import { CONSOLE_LIMITS, WIRE_LIMITS } from './wire.ts';

/**
 * Size limits shared by the schemas and the collector. They bound what one request can make the
 * collector hold in memory and what one row can put on disk; each is far above what real traffic
 * needs, so only malformed or hostile input meets them.
 */
export const LIMITS = {
  /** Identifiers: session ids, user ids, element names, bots, applications. */
  idLength: WIRE_LIMITS.idLength,
  /** Short human text: titles, field names, usernames, facility names. */
  shortText: 1_024,
  /** URLs: browsers accept ~2 MB, but nothing useful for replay or audit needs more than this. */
  urlLength: WIRE_LIMITS.urlLength,
  /** Free text captured from the page (input values, selections, custom event values). */
  text: 16_384,
  /** Change-audit Before/After values. */
  auditValue: 65_536,
  /** Request and response bodies of one integration call. */
  body: 1_048_576,
  /** Serialised JSON of an event's free-form data. */
  dataJson: 65_536,
  /** Co-browse events in one recorder batch. */
  eventsPerBatch: WIRE_LIMITS.eventsPerBatch,
  /** rrweb events in one recorder batch (a full snapshot is one event). */
  replayPerBatch: WIRE_LIMITS.replayPerBatch,
  /** Records in one platform POST. */
  recordsPerRequest: 10_000,
  /** Recorder times may lie this far from arrival (clock skew, offline queues). */
  recorderSkewMs: WIRE_LIMITS.recorderSkewMs,
  /** Platform times may be in the past (imports) but no further ahead than this. */
  platformFutureMs: 5 * 60 * 1000,
  /** One console entry in a replay (its arguments and stack trace): replay-plugin.ts. */
  consoleEntry: CONSOLE_LIMITS,
  /** A note on a session: a few sentences an agent leaves at a moment, not a document. */
  noteText: 2_000,
  /** Notes on one session: far above what people write, so one session's list stays one read. */
  notesPerSession: 500,
  /** A note's moment: at most a day into its session (as long as a recording goes). */
  noteOffsetMs: 86_400_000,
  /** A click heatmap's cell, in page pixels: about a fingertip, fine enough to tell buttons apart. */
  heatmapCellPx: 16,
  /** Cells one heatmap answers at most (a 1280 x 10,000 px page has 50,000; the busiest are kept). */
  heatmapCells: 20_000,
  /** Page URLs a heatmap offers to pick from, the most clicked first. */
  heatmapPages: 100,
} as const;
