import { listen, undoAll } from './util/listen.ts';
import type { Report } from './util/report.ts';

/** Inputs that mean a person is at the page (cheap to handle: each only stamps a time). */
const ACTIVITY = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'scroll'];

export interface LifecycleHandlers {
  report: Report;
  activity(): void;
  /** The page was hidden; `leaving` when it is being unloaded or frozen in the back/forward cache. */
  hide(leaving: boolean): void;
  /** Worth sending now: the browser is back online. */
  wake(): void;
  /** The page came back from the back/forward cache. */
  restored(): void;
}

/** The page-level signals the recorder acts on; answers the function that removes them all. */
export function observeLifecycle(h: LifecycleHandlers): () => void {
  // Mouse moves arrive at up to 1000 Hz; a second's resolution is plenty for idle detection.
  let lastActivity = 0;
  const activity = () => {
    const t = Date.now();
    if (t - lastActivity < 1_000) return;
    lastActivity = t;
    h.activity();
  };
  return undoAll([
    ...ACTIVITY.map((type) => listen(document, type, activity, h.report)),
    listen(document, 'visibilitychange', () => document.visibilityState === 'hidden' && h.hide(false), h.report),
    listen(window, 'pagehide', () => h.hide(true), h.report),
    listen(window, 'pageshow', (e) => void ((e as PageTransitionEvent).persisted && h.restored()), h.report),
    listen(window, 'online', h.wake, h.report),
  ]);
}
