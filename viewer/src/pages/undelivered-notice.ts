import type { UndeliveredNotifications } from '@loupe/schemas';
import type { AppContext } from '../app-context.ts';
import { h, replace } from '../dom/h.ts';
import { timeText } from '../ui/time-text.ts';

/**
 * Above the settings: e-mail notifications that reached nobody, and why, where the fix is (the
 * recipients below, or the Owner's address in Users). Quiet when mail is getting through; a failed
 * check says nothing either, since the settings page is about something else.
 */
export function undeliveredNotice(ctx: AppContext): { el: HTMLElement; destroy(): void } {
  const abort = new AbortController();
  const el = h('div', { class: 'undelivered-slot', 'data-testid': 'undelivered' });
  void ctx.api
    .get<UndeliveredNotifications>('/v1/notifications/undelivered', {}, abort.signal)
    .then(({ items, total }) => {
      if (!total) return;
      replace(
        el,
        h(
          'section',
          { class: 'callout callout-warning', role: 'status', 'aria-labelledby': 'undelivered-title' },
          h(
            'h2',
            { id: 'undelivered-title' },
            total === 1 ? 'A notification was not e-mailed' : `${total} notifications were not e-mailed`,
          ),
          h('p', null, `Why: ${items[0]?.reason ?? 'unknown'}.`),
          h(
            'ul',
            null,
            items
              .slice(0, 5)
              .map((i) => h('li', null, i.subject, h('span', { class: 'muted' }, ' · ', timeText(i.at)))),
          ),
        ),
      );
    })
    .catch(() => undefined);
  return { el, destroy: () => abort.abort() };
}
