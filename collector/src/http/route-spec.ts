import type { KeyScope, Permission } from '@loupe/schemas';
import type { z } from 'zod';
import type { BodyLimitName } from './body-limits.ts';

/** Who may call a route. */
export type Access =
  | { kind: 'public' }
  /** A recorder's site key (X-Loupe-Key or ?key=), checked by the ingest feature itself. */
  | { kind: 'site key' }
  /** LOUPE_OPERATOR_KEY as a bearer token. */
  | { kind: 'operator' }
  /** An API key with `scope`, or a signed-in person whose role has every one of `permissions`
   * (none listed: API keys only; an empty list: any signed-in person). */
  | { kind: 'caller'; scope: KeyScope; permissions?: Permission[] };

/**
 * One row of the route table (route-table.ts): everything the app registers a route from, the
 * OpenAPI document describes it by, and the access matrix test checks it against.
 */
export interface RouteSpec {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** hono's form: `/v1/sessions/:id`. */
  path: string;
  summary: string;
  access: Access;
  params?: z.ZodType;
  query?: z.ZodType;
  /**
   * The body's schema (given `now`, for schemas that bound times) and its limits. `records`: one
   * record or an array of them, validated one by one (see validRecords).
   */
  body?: { schema: (now: () => number) => z.ZodType; limit: BodyLimitName; records?: boolean };
  /** Request headers (or query parameters standing in for one) read beyond access, e.g. Idempotency-Key. */
  headers?: { name: string; in: 'header' | 'query'; description: string }[];
  /** `headers`: response headers of the success answer, by name, with what they hold. */
  response: {
    status: number;
    description: string;
    schema?: z.ZodType;
    type?: string;
    headers?: Record<string, string>;
  };
  /** Refusals worth naming in the API description beyond the generic error (e.g. 403, 429). */
  errors?: { status: number; codes: string[]; description: string }[];
  /** Not part of the API description: the bundles and the viewer's pages. */
  internal?: boolean;
}

type Schema<T, K extends string> = T extends { [P in K]: infer S extends z.ZodType } ? S : never;
type BodyOf<S> = S extends { body: { schema: (now: () => number) => infer B extends z.ZodType } }
  ? S extends { body: { records: true } }
    ? z.output<B>[]
    : z.output<B>
  : never;

/** What `c.req.valid(...)` hands a route's handler, worked out from its row. */
export type ValidInput<S extends RouteSpec> = {
  out: (S extends { params: z.ZodType } ? { param: z.output<Schema<S, 'params'>> } : object) &
    (S extends { query: z.ZodType } ? { query: z.output<Schema<S, 'query'>> } : object) &
    (S extends { body: object } ? { json: BodyOf<S> } : object);
};
