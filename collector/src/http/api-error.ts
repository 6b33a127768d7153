import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';

export interface ApiErrorOptions {
  /** Stable, for clients to branch on. */
  code: string;
  /** For people: names the bad value. */
  message: string;
  /** The field at fault, addressed the way clients write it (`events[3].data.x`). */
  path?: string | undefined;
  headers?: Record<string, string>;
  cause?: unknown;
}

/**
 * The one error type routes throw, built like hono's `HTTPException`: a status and an options
 * object. `on-error.ts` turns it (and every other error) into `{ error: { code, message, path? } }`.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: string;
  readonly path: string | undefined;
  readonly headers: Record<string, string>;

  constructor(
    readonly status: ContentfulStatusCode,
    options: ApiErrorOptions,
  ) {
    super(options.message, { cause: options.cause });
    this.code = options.code;
    this.path = options.path;
    this.headers = options.headers ?? {};
  }
}

/** Renders a zod path the way clients address fields: `events[3].data.x`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${String(p)}` : String(p)),
    '',
  );
}

/** A 400 for the first problem zod found, naming the field; `prefix` places it inside the request. */
export function invalid(error: z.ZodError, prefix: readonly PropertyKey[] = []): ApiError {
  const issue = error.issues[0]!;
  const path = formatPath([...prefix, ...issue.path]);
  const n = error.issues.length;
  const more = n > 1 ? ` (and ${n - 1} more problem${n > 2 ? 's' : ''})` : '';
  return new ApiError(400, {
    code: 'INVALID_FIELD',
    message: `${path || 'body'}: ${issue.message}${more}`,
    path: path || undefined,
  });
}
