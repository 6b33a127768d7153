import type { Permission } from '@loupe/schemas';
import type { ApiClient } from './api/api-client.ts';
import type { SignedInUser } from '@loupe/schemas';

export interface NavigateOptions {
  replace?: boolean;
  /** Kept in history.state: survives reloads of the same tab, lost in a new one. */
  state?: unknown;
}

/** What every page gets: the API, who is signed in, and how to move elsewhere. */
export interface AppContext {
  api: ApiClient;
  user: SignedInUser;
  can(permission: Permission): boolean;
  navigate(path: string, options?: NavigateOptions): void;
}

export interface PageProps {
  ctx: AppContext;
  params: Record<string, string>;
  query: URLSearchParams;
  state: unknown;
}

/** Renders into `root` and returns what to undo when the page is left (abort fetches, close streams). */
export type Page = (root: HTMLElement, props: PageProps) => (() => void) | undefined;
