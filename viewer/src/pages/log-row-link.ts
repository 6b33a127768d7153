import { ApiFailure } from '../api/api-client.ts';
import type { AppContext } from '../app-context.ts';
import { h } from '../dom/h.ts';
import { copyButton, type DetailPane } from '../ui/detail-pane.ts';
import { errorState, loadingState } from '../ui/states.ts';

/** The address that opens this list with the row's detail pane shown (its filters kept, as on screen). */
export function rowAddress(id: string): string {
  const q = new URLSearchParams(location.search);
  q.set('id', id);
  return `${location.origin}${location.pathname}?${q}`;
}

/** "Copy link" for a row's detail pane: the link a person pastes to a colleague. */
export function copyRowLink(id: string): HTMLElement {
  const b = copyButton(() => rowAddress(id), 'Copy link');
  b.dataset.testid = 'copy-row-link';
  return h('p', { class: 'row-link' }, b);
}

/**
 * A deep link's row (`?id=`), fetched by id so it opens even when it is far down the list. An id
 * the tenant has no row with (another tenant's, a removed one) says so and shows nothing else.
 */
export function openLinkedRow<T>(
  ctx: AppContext,
  apiPath: string,
  id: string,
  pane: DetailPane,
  show: (item: T) => void,
  signal: AbortSignal,
): void {
  pane.show('Linked row', loadingState());
  ctx.api.get<T>(`${apiPath}/${encodeURIComponent(id)}`, {}, signal).then(
    (item) => {
      if (!signal.aborted) show(item);
    },
    (e: unknown) => {
      if (signal.aborted) return;
      if (e instanceof ApiFailure && e.status === 404) {
        pane.show(
          'Row not found',
          h('p', { class: 'muted', 'data-testid': 'row-not-found' }, 'No row with this id exists here.'),
        );
      } else pane.show('Linked row', errorState(e));
    },
  );
}
