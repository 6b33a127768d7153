import { listen, undoAll } from '../util/listen.ts';
import { guard } from '../util/report.ts';
import { patchHistory } from './history-patch.ts';
import type { Observer } from './observer-context.ts';
import type { EmitEvent } from '../types.ts';

/** Single-page apps set the new title just after navigating; wait this long before reading it. */
const TITLE_SETTLE_MS = 50;
const MAX_TITLE = 1_024;

/** Emits PAGECHANGE for the page as it is now; answers false where the URL is not http(s). */
export function emitPageChange(emit: EmitEvent, pageUrl: () => string | undefined): boolean {
  const url = pageUrl();
  if (!url) return false;
  const title = document.title.trim().slice(0, MAX_TITLE);
  emit('PAGECHANGE', title ? { url, title } : { url });
  return true;
}

/**
 * PAGECHANGE on every navigation a single-page app makes: history.pushState/replaceState
 * (patched, restored on stop), back/forward (popstate) and anchors (hashchange).
 */
export function observePageChanges(pageUrl: () => string | undefined): Observer {
  return ({ emit, report, deferrals }) => {
    let last = location.href;
    const changed = () => {
      if (location.href === last) return;
      last = location.href;
      deferrals.defer(changed, TITLE_SETTLE_MS, () => emitPageChange(emit, pageUrl), true);
    };
    return undoAll([
      patchHistory(guard(report, changed)),
      listen(window, 'popstate', changed, report),
      listen(window, 'hashchange', changed, report),
    ]);
  };
}
