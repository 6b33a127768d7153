import { guard, type Report } from '../util/report.ts';
import { startCapture } from './capture.ts';
import { whenIdle } from '../util/when-idle.ts';
import type { DomRecording, DomRecordingConfig, RecordDom, RrwebEvent } from './record-dom.ts';
import { createStormGuard, mutationCount } from './storm-guard.ts';

/** rrweb waits at most this long for an idle moment, so a busy page is still recorded. */
const IDLE_TIMEOUT_MS = 2_000;
/** A mutation storm is judged over this window (the limit is per window). */
export const STORM_WINDOW_MS = 5_000;
/** After a storm, DOM recording rests this long, doubling for each storm in a row, up to 10 min. */
const STORM_REST_MS = 30_000;
const MAX_STORM_REST_MS = 10 * 60_000;
/** How often the queue of unsent batches is looked at (see `uplink` below). */
const UPLINK_CHECK_MS = 1_000;
/** A storm this long after the previous one counts as the first again. */
const STORM_MEMORY_MS = 30 * 60_000;

/** rrweb once loaded, as the loader drives it (see dom-replay.ts). */
export interface DomControl {
  /** Stops rrweb until `resume` (user idle); the replay gets a marker saying why. */
  pause(reason: string): void;
  /** Restarts rrweb, with a fresh full snapshot, unless a storm rest is under way. */
  resume(): void;
  /** A new session began: its replay needs a full snapshot of its own. */
  restart(): void;
  stop(): void;
  recording(): boolean;
}

export interface DomControlDeps {
  config: DomRecordingConfig;
  mutationLimit: number;
  /** An rrweb event, or one already encoded as JSON text (the sliced full snapshot). */
  emit(e: RrwebEvent | string): void;
  /** Records one of the recorder's own CUSTOM_EVENTs (`loupe:mutation-storm`, `loupe:dom-paused`...). */
  note(type: string, value: string | number): void;
  /** What the batches waiting for the collector cost on the wire, and the most they should. */
  queuedBytes(): number;
  maxQueueBytes: number;
  report: Report;
  now(): number;
}

/** What the loader knew before the chunk loaded: the user is idle. */
export interface DomState {
  idle: boolean;
}

export type ControlDom = (recordDom: RecordDom, d: DomControlDeps, state: DomState) => DomControl;

/**
 * Runs rrweb in the background of the co-browse recorder, once the lazy chunk has loaded: started
 * when the page is idle, paused while the user is (`idle` says whether the user already is), and
 * switched off for a while when the page mutates faster than a replay can usefully follow (a storm
 * would otherwise cost the page CPU and the user bandwidth for frames nobody can watch). This is
 * part of the lazily loaded chunk: none of it is needed before rrweb is.
 */
export const controlDom: ControlDom = (recordDom, d, state) => {
  let { idle } = state;
  let held = false;
  let heldSince = 0;
  let rec: DomRecording | undefined;
  let storms = 0;
  let lastStorm = -Infinity;
  let resting = false;
  let stopped = false;
  let cancelPending: (() => void) | undefined;
  let restTimer: ReturnType<typeof setTimeout> | undefined;
  const storm = createStormGuard(d.mutationLimit, STORM_WINDOW_MS, d.now);
  const wanted = () => !idle && !held && !resting && !stopped;

  const onEvent = (e: RrwebEvent | string, snapshot: boolean) => {
    if (!wanted()) return; // between a storm and rrweb's stop
    d.emit(e);
    // The snapshot's own parts are adds of the page as it is, not changes of it.
    if (!snapshot && typeof e === 'object' && storm.add(mutationCount(e))) onStormDetected();
  };

  function onStormDetected() {
    const changes = storm.count;
    rec?.mark('loupe', { paused: 'mutation-storm', changes });
    resting = true;
    storms = d.now() - lastStorm > STORM_MEMORY_MS ? 1 : storms + 1;
    lastStorm = d.now();
    d.note('loupe:mutation-storm', changes);
    // rrweb is inside its own mutation callback here; stop it once that has returned.
    setTimeout(guard(d.report, sync), 0);
    restTimer = setTimeout(
      guard(d.report, () => {
        resting = false;
        sync();
      }),
      Math.min(MAX_STORM_REST_MS, STORM_REST_MS * 2 ** (storms - 1)),
    );
  }

  /** Brings rrweb in line with what is wanted: running, or not. */
  function sync() {
    if (!wanted()) {
      cancelPending?.();
      cancelPending = undefined;
      rec?.stop();
      rec = undefined;
      return;
    }
    if (rec || cancelPending) return;
    cancelPending = whenIdle(
      guard(d.report, () => {
        cancelPending = undefined;
        if (wanted() && !rec) rec = recordDom(d.config, onEvent, d.report);
      }),
      IDLE_TIMEOUT_MS,
    );
  }

  /**
   * While the collector does not take batches, the queue grows with every DOM change: past
   * `maxQueueBytes` DOM recording stops on purpose, and starts again with a fresh snapshot once
   * the queue is back under half of it. The session says so (`loupe:dom-paused`, then
   * `loupe:dom-resumed` with the length of the gap), so a replay shows why it has one.
   */
  const uplink = setInterval(
    guard(d.report, () => {
      const bytes = d.queuedBytes();
      if (held ? bytes > d.maxQueueBytes / 2 : bytes < d.maxQueueBytes) return;
      if (!held) {
        rec?.mark('loupe', { paused: 'uplink', bytes }); // while rrweb still records
        heldSince = d.now();
        d.note(
          'loupe:dom-paused',
          `the collector has not taken ${bytes} bytes of batches: DOM changes are not recorded until it does`,
        );
      } else {
        d.note(
          'loupe:dom-resumed',
          `DOM changes of ${Math.round((d.now() - heldSince) / 1000)} s were not recorded (the collector did not take batches); a new full snapshot follows`,
        );
      }
      held = !held;
      sync();
    }),
    UPLINK_CHECK_MS,
  );

  // Checkouts: a new full snapshot every checkoutEveryMs, so a replay can start mid-session. rrweb
  // is restarted rather than asked (its checkout serialises the page in one go, sliced-snapshot.ts
  // does not); the mirror starts afresh with it.
  const checkout = setInterval(
    guard(d.report, () => {
      if (!rec) return;
      rec.stop();
      rec = undefined;
      sync();
    }),
    d.config.checkoutEveryMs,
  );

  // Console and network entries are kept while DOM recording pauses, but not past the uplink's limit.
  const stopCapture = startCapture(d.config, (e) => !stopped && !held && d.emit(e), d.now);

  sync();
  return {
    pause(reason) {
      if (idle) return;
      rec?.mark('loupe', { paused: reason });
      idle = true;
      sync();
    },
    resume() {
      if (!idle) return;
      idle = false;
      sync();
    },
    restart() {
      rec?.stop();
      rec = undefined;
      sync();
    },
    recording: () => rec !== undefined,
    stop() {
      stopped = true;
      stopCapture();
      clearTimeout(restTimer);
      clearInterval(uplink);
      clearInterval(checkout);
      sync();
    },
  };
};

export { recordDom } from './record-dom.ts';
