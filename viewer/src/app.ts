import { ApiFailure, createApiClient } from './api/api-client.ts';
import type { SignedInUser } from '@loupe/schemas';
import type { AppContext, NavigateOptions } from './app-context.ts';
import { isAppPath } from './dom/safe-url.ts';
import { notAllowedPage, notFoundPage, nothingToOpenPage } from './pages/refusal-pages.ts';
import { signInPage } from './pages/sign-in-page.ts';
import { matchRoute, ROUTES } from './routes.ts';
import { renderShell, type Shell } from './shell.ts';
import { errorState, loadingState } from './ui/states.ts';

/**
 * The single-page app: finds out who is signed in, then renders the page for the address bar.
 * Every path the collector does not own loads index.html, so any of these survives a reload.
 */
export function startApp(root: HTMLElement): void {
  let user: SignedInUser | null = null;
  let shell: Shell | null = null;
  let leave: (() => void) | undefined;

  const api = createApiClient({
    onSignedOut: () => {
      if (!user) return;
      user = null;
      shell = null;
      navigate(`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
    },
  });

  function navigate(path: string, options: NavigateOptions = {}): void {
    if (options.replace) history.replaceState(options.state ?? null, '', path);
    else history.pushState(options.state ?? null, '', path);
    render();
  }

  const ctx = (u: SignedInUser): AppContext => ({ api, user: u, can: (p) => u.permissions.includes(p), navigate });

  const homeOf = (u: SignedInUser) =>
    ROUTES.find((r) => r.nav && u.permissions.includes(r.permission))?.pattern ?? null;

  function render(): void {
    if (typeof leave === 'function') leave();
    leave = undefined;
    const path = location.pathname;
    const query = new URLSearchParams(location.search);
    window.scrollTo(0, 0);

    if (!user) {
      if (path !== '/sign-in') {
        history.replaceState(null, '', `/sign-in?next=${encodeURIComponent(path + location.search)}`);
      }
      shell = null;
      document.title = 'Sign in · Loupe';
      signInPage(root, {
        api,
        onSignedIn: () => {
          const next = new URLSearchParams(location.search).get('next');
          // A full load, not an in-page move: the page's Content-Security-Policy, which says where
          // replays may fetch from, is the signed-in tenant's (collector's replay-csp.ts).
          location.replace(next && isAppPath(next) && !next.startsWith('/sign-in') ? next : '/');
        },
      });
      return;
    }

    if (path === '/' || path === '/sign-in') {
      const home = homeOf(user);
      if (home) {
        navigate(home, { replace: true });
        return;
      }
    }
    shell ??= renderShell(root, user, signOut);
    const match = matchRoute(path);
    shell.setActive(match?.route.pattern ?? null);
    const main = shell.main;
    if (path === '/' || path === '/sign-in') {
      document.title = 'Loupe';
      nothingToOpenPage(main, user);
    } else if (!match) {
      document.title = 'Not found · Loupe';
      notFoundPage(main, path);
    } else if (!user.permissions.includes(match.route.permission)) {
      // Refused before the page starts, so it makes no request for data the role may not see.
      document.title = 'Not allowed · Loupe';
      notAllowedPage(main, user, match.route.title);
    } else {
      document.title = `${match.route.title} · Loupe`;
      main.replaceChildren();
      leave = match.route.page(main, { ctx: ctx(user), params: match.params, query, state: history.state });
    }
    main.focus({ preventScroll: true });
  }

  async function signOut(): Promise<void> {
    await api.send('POST', '/v1/auth/logout').catch(() => undefined);
    user = null;
    shell = null;
    navigate('/sign-in', { replace: true });
  }

  // In-app links move without reloading; downloads, API URLs and other origins are left alone.
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as Element | null)?.closest?.('a');
    if (!a || a.hasAttribute('download') || (a.target && a.target !== '_self') || a.origin !== location.origin) return;
    if (a.pathname.startsWith('/v1/') || a.pathname.startsWith('/viewer/')) return;
    e.preventDefault();
    if (a.pathname + a.search !== location.pathname + location.search) navigate(a.pathname + a.search);
  });
  window.addEventListener('popstate', render);

  root.replaceChildren(loadingState('Checking your sign-in…'));
  api
    .get<{ user: SignedInUser }>('/v1/auth/me')
    .then((r) => (user = r.user))
    .catch((e: unknown) => {
      if (!(e instanceof ApiFailure) || e.status !== 401) {
        root.replaceChildren(errorState(e, () => location.reload()));
        throw e;
      }
    })
    .then(render, () => undefined);
}
