import type { Page } from '@loupe/schemas';

export interface ApiAuth {
  /** An API key, sent as a bearer token. */
  key?: string;
  /** A signed-in person's `loupe_session=...` cookie; writes then send the collector's own Origin. */
  cookie?: string;
}

export class ApiCallError extends Error {
  override readonly name = 'ApiCallError';
  constructor(
    readonly status: number,
    readonly body: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Calls the collector's HTTP API as the platform, the viewer and the tests do, and fails loudly
 * on anything but a 2xx. Answer types are the response types of @loupe/schemas, named at the call.
 */
export function apiClient(url: string, auth: ApiAuth = {}) {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = {};
    if (auth.key) headers.Authorization = `Bearer ${auth.key}`;
    if (auth.cookie) Object.assign(headers, { Cookie: auth.cookie, Origin: new URL(url).origin });
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(`${url}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) {
      const text = await res.text();
      throw new ApiCallError(res.status, text, `${method} ${path}: ${res.status} ${text}`);
    }
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
  return {
    get: <T>(path: string) => call<T>('GET', path),
    post: <T>(path: string, body: unknown) => call<T>('POST', path, body),
    put: <T>(path: string, body: unknown) => call<T>('PUT', path, body),
    patch: <T>(path: string, body: unknown) => call<T>('PATCH', path, body),
    delete: (path: string) => call<void>('DELETE', path),
    /** Every page of a keyset-paged list, following `next`. */
    async all<T>(path: string): Promise<T[]> {
      const items: T[] = [];
      let cursor: string | null = null;
      do {
        const sep = path.includes('?') ? '&' : '?';
        const p: Page<T> = await call<Page<T>>(
          'GET',
          cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path,
        );
        items.push(...p.items);
        cursor = p.next;
      } while (cursor);
      return items;
    },
  };
}
export type ApiClient = ReturnType<typeof apiClient>;
