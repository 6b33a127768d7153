import type { Permission } from '@loupe/schemas';
import type { SignedInUser } from '@loupe/schemas';
import { h } from './dom/h.ts';
import { ROUTES } from './routes.ts';

export interface Shell {
  /** Where pages render. */
  main: HTMLElement;
  setActive(pattern: string | null): void;
}

/**
 * The frame around every page once signed in: the pages the role may open (and no others), who is
 * signed in, and sign-out. On a phone the navigation folds behind a Menu button.
 */
export function renderShell(root: HTMLElement, user: SignedInUser, onSignOut: () => void): Shell {
  const can = (p: Permission) => user.permissions.includes(p);
  const links = ROUTES.filter((r) => r.nav && can(r.permission)).map((r) => ({
    route: r,
    el: h('a', { href: r.pattern, class: 'nav-link', 'data-nav': r.pattern }, r.title),
  }));
  const group = (name: 'records' | 'admin', label: string) => {
    const items = links.filter((l) => l.route.nav === name);
    return items.length
      ? h(
          'div',
          { class: 'nav-group' },
          h('span', { class: 'nav-heading' }, label),
          items.map((l) => l.el),
        )
      : null;
  };
  const nav = h(
    'nav',
    { class: 'nav', id: 'main-nav', 'aria-label': 'Main' },
    group('records', 'Records'),
    group('admin', 'Admin'),
  );
  const menu = h(
    'button',
    {
      type: 'button',
      class: 'menu-toggle',
      'aria-controls': 'main-nav',
      'aria-expanded': 'false',
      on: {
        click: () => {
          const open = !root.classList.contains('nav-open');
          root.classList.toggle('nav-open', open);
          menu.setAttribute('aria-expanded', String(open));
        },
      },
    },
    'Menu',
  );
  const main = h('main', { class: 'main', id: 'main', tabindex: -1 });
  const header = h(
    'header',
    { class: 'topbar' },
    menu,
    h('a', { href: '/', class: 'brand' }, 'Loupe'),
    h(
      'div',
      { class: 'who' },
      h('span', { class: 'who-name', 'data-testid': 'who' }, user.username),
      h('span', { class: 'badge badge-role' }, user.role),
      h(
        'button',
        { type: 'button', class: 'button-quiet', 'data-testid': 'sign-out', on: { click: onSignOut } },
        'Sign out',
      ),
    ),
  );
  root.replaceChildren(h('div', { class: 'layout' }, header, nav, main));
  root.classList.remove('nav-open');
  return {
    main,
    setActive(pattern) {
      root.classList.remove('nav-open');
      menu.setAttribute('aria-expanded', 'false');
      for (const l of links) {
        const active = pattern !== null && (pattern === l.route.pattern || pattern.startsWith(`${l.route.pattern}/`));
        l.el.classList.toggle('active', active);
        if (active) l.el.setAttribute('aria-current', 'page');
        else l.el.removeAttribute('aria-current');
      }
    },
  };
}
