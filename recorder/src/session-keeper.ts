import type { Delivery } from './delivery.ts';
import type { DomReplay } from './replay/dom-replay.ts';
import type { Session } from './session/session.ts';
import type { Deferrals } from './util/deferrals.ts';

export interface SessionKeeperDeps {
  session: Session;
  delivery: Delivery;
  deferrals: Deferrals;
  replay: DomReplay | undefined;
  /** Records the page the new session starts on. */
  pageChange(): void;
  idlePauseMs: number;
  now(): number;
}

/**
 * Turns user activity and the flush tick into session decisions: a new session after the idle
 * timeout or the maximum length, DOM recording paused while the user is idle.
 */
export function createSessionKeeper(d: SessionKeeperDeps) {
  let idle = false;
  /** What was buffered goes out under the old id, what follows under the new one. */
  /** A new session at once: what is buffered goes under the new id (the old one's secret is lost). */
  const restart = () => {
    d.session.renew();
    d.pageChange();
    d.replay?.restart();
  };
  const newSession = () => {
    d.deferrals.flush();
    d.delivery.flush();
    restart();
  };
  return {
    restart,
    activity() {
      if (d.session.expired()) newSession();
      d.session.touch();
      if (idle) {
        idle = false;
        d.replay?.resume();
      }
    },
    tick() {
      if (d.session.tooLong()) newSession();
      d.delivery.flush();
      if (!idle && d.now() - d.session.state.last > d.idlePauseMs) {
        idle = true;
        d.replay?.pause('idle');
      }
      d.session.save();
      d.session.claim();
    },
  };
}
