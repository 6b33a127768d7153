import type { SignedInUser } from '@loupe/schemas';
import { h, replace } from '../dom/h.ts';

/** Shown instead of a page the role may not open; the page itself never starts, so no data is asked for. */
export function notAllowedPage(root: HTMLElement, user: SignedInUser, title: string): void {
  replace(
    root,
    h(
      'section',
      { class: 'refusal', 'data-testid': 'not-allowed' },
      h('h1', null, 'Not allowed'),
      h('p', null, `Your role (${user.role}) may not open ${title}. Ask an Owner or Admin if you need access.`),
      h('p', null, h('a', { href: '/' }, 'Go to your start page')),
    ),
  );
}

export function notFoundPage(root: HTMLElement, path: string): void {
  replace(
    root,
    h(
      'section',
      { class: 'refusal', 'data-testid': 'not-found' },
      h('h1', null, 'Page not found'),
      h('p', null, `There is no page at ${path}.`),
      h('p', null, h('a', { href: '/' }, 'Go to your start page')),
    ),
  );
}

export function nothingToOpenPage(root: HTMLElement, user: SignedInUser): void {
  replace(
    root,
    h(
      'section',
      { class: 'refusal' },
      h('h1', null, 'Nothing to open'),
      h('p', null, `The ${user.role} role has no pages in Loupe.`),
    ),
  );
}
