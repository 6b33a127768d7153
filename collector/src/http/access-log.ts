import type { MiddlewareHandler } from 'hono';
import type { Services } from '../services.ts';
import type { AppEnv } from './caller.ts';

/** One log line and one metric per request, written after the route answered. */
export function accessLog(s: Pick<Services, 'logger' | 'metrics'>): MiddlewareHandler<AppEnv> {
  return async function accessLog(c, next) {
    const started = performance.now();
    await next();
    // The route's pattern (`/v1/sessions/:id`), never the raw path: one series per route, not per id.
    const route = c.req.routePath;
    const labels = { method: c.req.method, route, status: String(c.res.status) };
    const seconds = (performance.now() - started) / 1000;
    s.metrics.requests.inc(labels);
    s.metrics.requestSeconds.observe(labels, seconds);
    const bytes = Number(c.req.header('content-length'));
    if (bytes > 0) s.metrics.requestBytes.observe({ method: c.req.method, route }, bytes);
    // The path only: the query string may hold a site key (`?key=`), which must never be logged.
    const ms = Math.round(seconds * 1000);
    s.logger.info(
      { method: c.req.method, path: c.req.path, status: c.res.status, ms, tenant: c.get('caller')?.tenantId },
      'request',
    );
  };
}
