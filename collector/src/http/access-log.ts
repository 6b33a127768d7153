import type { MiddlewareHandler } from 'hono';
import type { Services } from '../services.ts';
import type { AppEnv } from './caller.ts';

/** One log line and one metric per request, written after the route answered. */
export function accessLog(s: Pick<Services, 'logger' | 'metrics'>): MiddlewareHandler<AppEnv> {
  return async function accessLog(c, next) {
    const started = performance.now();
    await next();
    const route = c.req.routePath;
    s.metrics.requests.inc({ method: c.req.method, route, status: String(c.res.status) });
    // The path only: the query string may hold a site key (`?key=`), which must never be logged.
    const ms = Math.round(performance.now() - started);
    s.logger.info(
      { method: c.req.method, path: c.req.path, status: c.res.status, ms, tenant: c.get('caller')?.tenantId },
      'request',
    );
  };
}
