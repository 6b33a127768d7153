import { h, replace, type Child } from '../dom/h.ts';

export interface DetailPane {
  el: HTMLElement;
  show(title: string, ...content: Child[]): void;
  close(): void;
}

/** The record on the right of a list (seed 001's "detailed analysis"); a bottom sheet on a phone. */
export function detailPane(placeholder: string): DetailPane {
  const title = h('h2', { class: 'detail-title' });
  const body = h('div', { class: 'detail-body' });
  const closeButton = h(
    'button',
    {
      type: 'button',
      class: 'button-quiet detail-close',
      'aria-label': 'Close details',
      on: { click: () => pane.close() },
    },
    'Close',
  );
  const el = h(
    'aside',
    { class: 'detail', 'aria-label': 'Details', 'data-testid': 'detail' },
    h('div', { class: 'detail-head' }, title, closeButton),
    body,
  );
  const pane: DetailPane = {
    el,
    show(t, ...content) {
      title.textContent = t;
      replace(body, ...content);
      el.classList.add('open');
      closeButton.hidden = false;
    },
    close() {
      title.textContent = '';
      replace(body, h('p', { class: 'muted' }, placeholder));
      el.classList.remove('open');
      closeButton.hidden = true;
    },
  };
  pane.close();
  return pane;
}

/** Label and value pairs; values are text or nodes built with h(), never HTML. */
export function fieldList(pairs: readonly (readonly [string, Child])[]): HTMLDListElement {
  return h(
    'dl',
    { class: 'fields' },
    pairs.map(([k, v]) => [h('dt', null, k), h('dd', null, v === '' || v === null || v === undefined ? '—' : v)]),
  );
}

/** A body as text in <pre>, with a Copy button: request and response bodies are never parsed as HTML. */
export function textBlock(label: string, text: string, testId?: string): HTMLElement {
  const pre = h('pre', { class: 'body-text', 'data-testid': testId, tabindex: 0 }, text === '' ? '(empty)' : text);
  return h(
    'section',
    { class: 'text-block' },
    h(
      'div',
      { class: 'text-block-head' },
      h('h3', null, label),
      copyButton(() => text),
    ),
    pre,
  );
}

export function copyButton(text: () => string, label = 'Copy'): HTMLButtonElement {
  const b = h('button', { type: 'button', class: 'button-quiet copy' }, label);
  b.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text());
      b.textContent = 'Copied';
    } catch {
      b.textContent = 'Copy failed: select the text';
    }
    setTimeout(() => (b.textContent = label), 2000);
  });
  return b;
}
