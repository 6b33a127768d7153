import type { Report } from '../util/report.ts';
import { guard } from '../util/report.ts';
import { afterLoad, whenIdle } from '../util/when-idle.ts';
import type { DomControl, DomControlDeps } from './dom-control.ts';
import type { DomModule } from './dom-global.ts';

/** rrweb waits at most this long for an idle moment, so a busy page is still recorded. */
const IDLE_TIMEOUT_MS = 2_000;

export interface DomReplay {
  /** Loads rrweb after the page's load event, at an idle moment, and starts recording. */
  start(): void;
  /** Stops rrweb until `resume` (user idle); the replay gets a marker saying why. */
  pause(reason: string): void;
  /** Restarts rrweb, with a fresh full snapshot, unless a storm rest is under way. */
  resume(): void;
  /** A new session began: its replay needs a full snapshot of its own. */
  restart(): void;
  stop(): void;
  recording(): boolean;
}

export interface DomReplayDeps extends DomControlDeps {
  load(): Promise<DomModule>;
  report: Report;
}

/**
 * The loader's side of DOM recording: it loads the lazy chunk (rrweb and the code that drives it,
 * dom-control.ts) after the page's load event, at an idle moment, and hands it the state it has
 * kept until then (the user idle, the recorder stopped).
 */
export function createDomReplay(d: DomReplayDeps): DomReplay {
  let ctl: DomControl | undefined;
  let idle = false;
  let stopped = false;
  let cancelLoad: (() => void) | undefined;
  return {
    start() {
      cancelLoad = afterLoad(
        guard(d.report, () => {
          cancelLoad = whenIdle(
            guard(d.report, () => {
              cancelLoad = undefined;
              d.load().then(
                guard(d.report, (m: DomModule) => {
                  if (!stopped) ctl = m.controlDom(m.recordDom, d, { idle });
                }),
                d.report,
              );
            }),
            IDLE_TIMEOUT_MS,
          );
        }),
      );
    },
    pause(reason) {
      idle = true;
      ctl?.pause(reason);
    },
    resume() {
      idle = false;
      ctl?.resume();
    },
    restart: () => ctl?.restart(),
    recording: () => !!ctl?.recording(),
    stop() {
      stopped = true;
      cancelLoad?.();
      ctl?.stop();
    },
  };
}
