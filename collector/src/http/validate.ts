import { LIMITS } from '@loupe/schemas';
import type { MiddlewareHandler } from 'hono';
import { validator } from 'hono/validator';
import type { z } from 'zod';
import { ApiError, invalid } from './api-error.ts';
import type { AppEnv } from './caller.ts';
import { readBody, type BodyLimits } from './read-body.ts';

/** Validation as middleware: handlers read the parsed value with `c.req.valid('query' | 'param' | 'json')`. */
type Valid<T extends 'query' | 'param' | 'json', S extends z.ZodType> = {
  in: { [K in T]: z.input<S> };
  out: { [K in T]: z.output<S> };
};

export function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const p = schema.safeParse(value);
  if (!p.success) throw invalid(p.error);
  return p.data;
}

/**
 * The query string through hono's `validator`. It is handed `c.req.query()`, one value per
 * name, which is what every filter here expects (hono's own query value turns repeats into arrays).
 */
export function validQuery<S extends z.ZodType>(schema: S): MiddlewareHandler<AppEnv, string, Valid<'query', S>> {
  return validator('query', (_all, c) => parse(schema, c.req.query())) as MiddlewareHandler<
    AppEnv,
    string,
    Valid<'query', S>
  >;
}

/** Path parameters through hono's `validator`; a bad one is named (`id: ...`). */
export function validParam<S extends z.ZodType>(schema: S): MiddlewareHandler<AppEnv, string, Valid<'param', S>> {
  return validator('param', (params) => parse(schema, params)) as MiddlewareHandler<AppEnv, string, Valid<'param', S>>;
}

/**
 * The body, on hono's validator contract (`c.req.valid('json')`). hono's own `validator('json')`
 * cannot serve here: it reads only `application/json`, with no size cap, while bodies here may be
 * msgpack or gzip and are read under `limits` (see read-body.ts), so this reads them itself.
 */
export function validBody<S extends z.ZodType>(
  schema: S,
  limits: BodyLimits,
): MiddlewareHandler<AppEnv, string, Valid<'json', S>> {
  return async function body(c, next) {
    c.req.addValidatedData('json', parse(schema, await readBody(c.req.raw, limits)) as object);
    await next();
  };
}

/**
 * One record or an array of them, all or nothing: the first bad record is named by its index and
 * field, so a client can fix and resend the request whole without creating duplicates.
 */
export function validRecords<S extends z.ZodType>(
  one: S,
  limits: BodyLimits,
): MiddlewareHandler<AppEnv, string, { in: { json: unknown }; out: { json: z.output<S>[] } }> {
  return async function records(c, next) {
    const body = await readBody(c.req.raw, limits);
    const many = Array.isArray(body);
    const records = many ? (body as unknown[]) : [body];
    if (records.length > LIMITS.recordsPerRequest) {
      const message = `at most ${LIMITS.recordsPerRequest} records per request, got ${records.length}`;
      throw new ApiError(413, { code: 'TOO_MANY_RECORDS', message });
    }
    if (records.length === 0) throw new ApiError(400, { code: 'INVALID_BODY', message: 'the array holds no records' });
    const parsed: z.output<S>[] = [];
    for (const [i, r] of records.entries()) {
      const p = one.safeParse(r);
      if (!p.success) throw invalid(p.error, many ? [i] : []);
      parsed.push(p.data);
    }
    c.req.addValidatedData('json', parsed);
    await next();
  };
}
