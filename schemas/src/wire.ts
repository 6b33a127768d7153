/**
 * The values the in-page recorder and the collector must agree on, as plain constants. This file
 * imports nothing (no zod): the recorder imports it as `@loupe/schemas/wire` and its values are
 * bundled into the page, while the zod schemas (recorder-batch.ts, limits.ts, replay-event.ts)
 * are built from the same values, so the two sides cannot drift apart.
 */

/** The batch format version the recorder writes (`v`); the collector refuses versions it does not know. */
export const WIRE_FORMAT_VERSION = 1;

export const WIRE_LIMITS = {
  /** Identifiers: session ids, user ids, element names. */
  idLength: 256,
  /** Co-browse events in one recorder batch. */
  eventsPerBatch: 5_000,
  /** rrweb events in one recorder batch (a full snapshot is one event). */
  replayPerBatch: 20_000,
  /** Session ids: 8-64 characters of A-Z, a-z, 0-9, _ or -. */
  sessionIdMin: 8,
  sessionIdMax: 64,
  /** Recorder times may lie this far from arrival (clock skew, offline queues). */
  recorderSkewMs: 24 * 60 * 60 * 1000,
  /** URLs (the recorder cuts request URLs to it). */
  urlLength: 8_192,
} as const;

/** rrweb's event types (@rrweb/types EventType): the envelope the collector checks and indexes. */
export const RRWEB_EVENT_TYPE = {
  DomContentLoaded: 0,
  Load: 1,
  FullSnapshot: 2,
  IncrementalSnapshot: 3,
  Meta: 4,
  Custom: 5,
  Plugin: 6,
} as const;

/** rrweb's incremental sources (@rrweb/types IncrementalSource) the recorder itself looks at. */
export const RRWEB_SOURCE = {
  Mutation: 0,
  MouseMove: 1,
  MouseInteraction: 2,
  Scroll: 3,
  ViewportResize: 4,
  Input: 5,
} as const;

/**
 * An agent's recorder that joined a customer's session numbers its batches from here up (the
 * customer's recorder counts from 0), so the two never claim one (session, seq); the collector
 * refuses a joined batch below it.
 */
export const JOIN_SEQ_BASE = 0x80000000;

/**
 * The console and network entries a recorder adds to the replay, as rrweb plugin events (type 6,
 * `data: { plugin, payload }`), so they are stored, windowed and replayed with the session's other
 * events. The console payload has the fields of rrweb's console plugin (`level`, `payload`,
 * `trace`), but its strings are display text, not rrweb's JSON, hence a name of our own.
 */
export const REPLAY_PLUGIN = { console: 'loupe/console@1', network: 'loupe/network@1' } as const;

/** Bounds of one console entry; the recorder truncates to them and the collector refuses more. */
export const CONSOLE_LIMITS = {
  /** Arguments of one console call kept (a call with more gets a last "… N more"). */
  args: 10,
  /** Characters of one argument as text (an object is described within it). */
  argLength: 1_000,
  /** Lines of a stack trace, and characters of one. */
  traceLines: 10,
  traceLineLength: 300,
} as const;
