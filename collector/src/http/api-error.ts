import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';

/**
 * The one error type routes throw; `onError` turns it into `{ error: { code, message, path? } }`.
 * `code` is stable for clients to branch on; `message` is for people and names the bad value.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly path?: string,
    readonly headers: Record<string, string> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Renders a zod path the way clients address fields: `events[3].data.x`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${String(p)}` : String(p)), '');
}

/** A 400 for the first problem zod found, naming the field; `prefix` places it inside the request. */
export function invalid(error: z.ZodError, prefix: readonly PropertyKey[] = []): ApiError {
  const issue = error.issues[0]!;
  const path = formatPath([...prefix, ...issue.path]);
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? 's' : ''})` : '';
  return new ApiError(400, 'INVALID_FIELD', `${path || 'body'}: ${issue.message}${more}`, path || undefined);
}
