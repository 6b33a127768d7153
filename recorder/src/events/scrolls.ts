import { listen } from '../util/listen.ts';
import { px, type Observer } from './observer-context.ts';
import { targetName } from './target-name.ts';

/** One SCROLL per element per half second, plus the position where the scrolling stopped. */
const SCROLL_THROTTLE_MS = 500;

/** SCROLL: the page's or an element's position, throttled per element. */
export const observeScrolls: Observer = ({ emit, privacy, report, deferrals }) =>
  listen(
    document,
    'scroll',
    (e) => {
      const target = e.target;
      const page = target === document || target === document.documentElement || target === document.scrollingElement;
      if (!page && !(target instanceof Element)) return;
      if (!page && privacy.isIgnored(target as Element)) return;
      // Read the position when the timer fires, not now: the last scroll of a gesture wins.
      deferrals.defer(
        target,
        SCROLL_THROTTLE_MS,
        () => {
          if (page) emit('SCROLL', { x: px(scrollX), y: px(scrollY) });
          else {
            const el = target as Element;
            if (el.isConnected) emit('SCROLL', { target: targetName(el), x: px(el.scrollLeft), y: px(el.scrollTop) });
          }
        },
        false,
      );
    },
    report,
  );
