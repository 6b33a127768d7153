import { withQuery, type Query } from './query.ts';

/** An error answer of the collector, `{ error: { code, message, path? } }`, or a network failure (status 0). */
export class ApiFailure extends Error {
  override readonly name = 'ApiFailure';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly path?: string,
  ) {
    super(message);
  }
}

export interface ApiClient {
  get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T>;
  send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
}

export interface ApiOptions {
  /** Called when a request finds the sign-in gone (401 on anything but sign-in itself). */
  onSignedOut: () => void;
}

async function failureOf(res: Response): Promise<ApiFailure> {
  const body = (await res.json().catch(() => null)) as {
    error?: { code?: string; message?: string; path?: string };
  } | null;
  const e = body?.error;
  return new ApiFailure(
    res.status,
    e?.code ?? `HTTP_${res.status}`,
    e?.message ?? `the collector answered ${res.status} ${res.statusText}`,
    e?.path,
  );
}

/** Same-origin JSON over fetch; the HttpOnly session cookie rides along and is never seen by script. */
export function createApiClient(options: ApiOptions): ApiClient {
  async function call<T>(method: string, path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    let res: Response;
    try {
      res = await fetch(path, {
        method,
        credentials: 'same-origin',
        headers:
          body === undefined
            ? { Accept: 'application/json' }
            : { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (e) {
      if (signal?.aborted) throw e;
      throw new ApiFailure(0, 'NETWORK', 'the collector could not be reached; check your connection and retry');
    }
    if (res.status === 401 && !path.startsWith('/v1/auth/')) options.onSignedOut();
    if (!res.ok) throw await failureOf(res);
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  }
  return {
    get: (path, query, signal) => call('GET', withQuery(path, query), undefined, signal),
    send: (method, path, body) => call(method, path, body),
  };
}

/** A message for people: the collector's own message, which names the bad value. */
export function describeError(e: unknown): string {
  if (e instanceof ApiFailure) {
    if (e.status === 403) return `Not allowed: ${e.message}`;
    return e.message;
  }
  return e instanceof Error ? e.message : String(e);
}
