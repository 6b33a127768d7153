import type { RecorderUser } from './types.ts';

export interface RecordingApi {
  /** Removes every listener, restores history, stops rrweb and sends what is buffered. */
  stop(): void;
  /** Records a CUSTOM_EVENT: `track('plan-chosen', 'pro')`. */
  track(type: string, value?: string | number | boolean | null): void;
  /** Names the user for this and later batches of the session. */
  identify(user: RecorderUser | string): void;
  /** This tab's session id (undefined once stopped). */
  sessionId(): string | undefined;
  /** Counters for support and tests. */
  stats(): RecorderStats;
}

/** What `start()` answers: call it to stop; its methods act on the running recorder. */
export type Recording = RecordingApi & (() => void);

export interface RecorderStats {
  queuedBatches: number;
  queuedBytes: number;
  droppedBatches: number;
  /** rrweb is loaded and recording the DOM right now (not paused, stopped or still loading). */
  domRecording: boolean;
}

export function makeRecording(api: RecordingApi): Recording {
  return Object.assign(() => api.stop(), api);
}

/** The answer when nothing could start: every call is a harmless no-op. */
export function inertRecording(): Recording {
  const noop = () => {};
  return makeRecording({
    stop: noop,
    track: noop,
    identify: noop,
    sessionId: () => undefined,
    stats: () => ({ queuedBatches: 0, queuedBytes: 0, droppedBatches: 0, domRecording: false }),
  });
}
