import type { Permission } from '@loupe/schemas';
import type { Page } from './app-context.ts';
import { apiKeysPage } from './pages/api-keys-page.ts';
import { auditEventsPage } from './pages/audit-events-page.ts';
import { callLogsPage } from './pages/call-logs-page.ts';
import { changeAuditsPage } from './pages/change-audits-page.ts';
import { sessionsPage } from './pages/sessions-page.ts';
import { settingsPage } from './pages/settings-page.ts';
import { usersPage } from './pages/users-page.ts';
import { lazyPage } from './pages/lazy-page.ts';

export interface RouteDef {
  pattern: string;
  title: string;
  /** What the role needs; the page is not even started without it. */
  permission: Permission;
  page: Page;
  /** Where it sits in the navigation; absent for pages reached from others. */
  nav?: 'records' | 'admin';
}

/** In navigation order: the first one a role may open is its home page. */
export const ROUTES: readonly RouteDef[] = [
  { pattern: '/sessions', title: 'Sessions', permission: 'sessions', page: sessionsPage, nav: 'records' },
  {
    pattern: '/sessions/:id',
    title: 'Replay',
    permission: 'sessions',
    // A chunk of its own (with its timeline, console, notes and co-browse controls): the log pages
    // admins browse do not load it, and rrweb stays in the chunk the replay itself fetches.
    page: lazyPage(() => import('./pages/session-replay-page.ts').then((m) => m.sessionReplayPage)),
  },
  { pattern: '/call-logs', title: 'Call logs', permission: 'callLogs', page: callLogsPage, nav: 'records' },
  { pattern: '/audit-events', title: 'Audit events', permission: 'audit', page: auditEventsPage, nav: 'records' },
  { pattern: '/change-audits', title: 'Change audits', permission: 'audit', page: changeAuditsPage, nav: 'records' },
  { pattern: '/admin/api-keys', title: 'API keys', permission: 'admin', page: apiKeysPage, nav: 'admin' },
  { pattern: '/admin/settings', title: 'Settings', permission: 'admin', page: settingsPage, nav: 'admin' },
  { pattern: '/admin/users', title: 'Users', permission: 'admin', page: usersPage, nav: 'admin' },
  // Issue 17's pages.
  // Appended, so each role's home page stays the first of the list above; each page is a chunk of its own.
  {
    pattern: '/overview',
    title: 'Overview',
    permission: 'sessions',
    page: lazyPage(() => import('./pages/overview-page.ts').then((m) => m.overviewPage)),
    nav: 'records',
  },
  {
    pattern: '/admin/sql',
    title: 'SQL',
    permission: 'admin',
    page: lazyPage(() => import('./pages/sql-page.ts').then((m) => m.sqlPage)),
    nav: 'admin',
  },
  {
    pattern: '/admin/integrity',
    title: 'Integrity',
    permission: 'admin',
    page: lazyPage(() => import('./pages/integrity-page.ts').then((m) => m.integrityPage)),
    nav: 'admin',
  },
  {
    pattern: '/heatmap',
    title: 'Heatmap',
    permission: 'sessions',
    page: lazyPage(() => import('./pages/heatmap-page.ts').then((m) => m.heatmapPage)),
    nav: 'records',
  },
];

export interface RouteMatch {
  route: RouteDef;
  params: Record<string, string>;
}

export function matchRoute(pathname: string): RouteMatch | null {
  const parts = pathname.replace(/\/+$/, '').split('/');
  for (const route of ROUTES) {
    const want = route.pattern.split('/');
    if (want.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = want.every((w, i) => {
      const got = parts[i]!;
      if (w.startsWith(':')) {
        if (!got) return false;
        try {
          params[w.slice(1)] = decodeURIComponent(got);
        } catch {
          return false;
        }
        return true;
      }
      return w === got;
    });
    if (ok) return { route, params };
  }
  return null;
}
