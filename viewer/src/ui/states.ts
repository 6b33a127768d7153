import { describeError } from '../api/api-client.ts';
import { h } from '../dom/h.ts';

export function loadingState(text = 'Loading…'): HTMLElement {
  return h(
    'div',
    { class: 'state state-loading', role: 'status', 'aria-busy': 'true' },
    h('span', { class: 'spinner', 'aria-hidden': 'true' }),
    text,
  );
}

export function emptyState(text: string): HTMLElement {
  return h('div', { class: 'state state-empty', role: 'status' }, text);
}

export function errorState(error: unknown, retry?: () => void): HTMLElement {
  return h(
    'div',
    { class: 'state state-error', role: 'alert' },
    h('strong', null, 'Something went wrong. '),
    describeError(error),
    retry ? h('button', { type: 'button', class: 'button-quiet', on: { click: retry } }, 'Retry') : null,
  );
}

/** A short-lived status line after a form action: "Saved", or what went wrong. */
export function notice(kind: 'ok' | 'error', text: string): HTMLElement {
  return h('p', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}
