import type { Handler, Hono, MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import type { Services } from '../services.ts';
import { bodyLimits } from './body-limits.ts';
import type { AppEnv } from './caller.ts';
import type { BodyLimits } from './read-body.ts';
import { requireAccess, requireOperator, type AccessDeps } from './require-access.ts';
import type { RouteSpec, ValidInput } from './route-spec.ts';
import { validBody, validParam, validQuery, validRecords } from './validate.ts';

/**
 * A body reader of the route's own, in place of validBody, with the same schema and limits (the
 * recorder batch keeps its replay as the bytes received: ingest/recorder-body.ts).
 */
export type BodyReader = (schema: z.ZodType, limits: BodyLimits) => MiddlewareHandler<AppEnv>;

/** What registering a guarded route needs: the caller checks, the body limit and the clock. */
export type RouteDeps = AccessDeps & Pick<Services, 'config' | 'now'>;

/**
 * Registers routes from their rows in the route table: the access check, then path, query and body
 * validation, then the handler, which reads what was validated with `c.req.valid(...)`. A site-key
 * route brings its own check (`access`). `deps` may be left out by features with public routes only.
 */
export function routesOn(app: Hono<AppEnv>, deps?: RouteDeps) {
  const need = (spec: RouteSpec): RouteDeps => {
    if (!deps) throw new Error(`${spec.method.toUpperCase()} ${spec.path} needs the route dependencies`);
    return deps;
  };
  return function on<S extends RouteSpec>(
    spec: S,
    handler: Handler<AppEnv, string, ValidInput<S>>,
    access?: MiddlewareHandler<AppEnv>,
    readBody?: BodyReader,
  ): void {
    const chain: MiddlewareHandler<AppEnv>[] = [];
    const a = spec.access;
    if (a.kind === 'caller') chain.push(requireAccess(need(spec), a));
    else if (a.kind === 'operator') chain.push(requireOperator(need(spec)));
    if (a.kind === 'site key') {
      if (!access) throw new Error(`${spec.path} takes a site key: give its check`);
      chain.push(access);
    }
    if (spec.params) chain.push(validParam(spec.params));
    if (spec.query) chain.push(validQuery(spec.query));
    if (spec.body) {
      const d = need(spec);
      const limits = bodyLimits(spec.body.limit, d.config.LOUPE_MAX_BODY_BYTES);
      const schema = spec.body.schema(d.now);
      chain.push(
        readBody
          ? readBody(schema, limits)
          : spec.body.records
            ? validRecords(schema, limits)
            : validBody(schema, limits),
      );
    }
    const add = app.on.bind(app) as (method: string, path: string, ...handlers: MiddlewareHandler<AppEnv>[]) => unknown;
    add(spec.method.toUpperCase(), spec.path, ...chain, handler as unknown as MiddlewareHandler<AppEnv>);
  };
}
