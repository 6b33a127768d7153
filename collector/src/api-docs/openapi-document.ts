import { errorResponse } from '@loupe/schemas';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/caller.ts';
import type { Access } from '../http/route-spec.ts';
import { routesOn } from '../http/register-route.ts';
import { ROUTES, routeTable, type NamedRoute } from '../route-table.ts';
import { toOpenApiSchema } from './json-schema.ts';

/**
 * The OpenAPI 3.1 document, generated from the route table with zod's own `z.toJSONSchema`
 * (rather than @hono/zod-openapi, whose converter, zod-to-openapi 9.1, fails on zod 4.6's schemas).
 */
const oaPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

function security(a: Access): object {
  switch (a.kind) {
    case 'public':
      return { security: [] };
    case 'site key':
      return { security: [{ siteKey: [] }, { siteKeyQuery: [] }], 'x-loupe-access': 'site key' };
    case 'operator':
      return { security: [{ bearer: [] }], 'x-loupe-access': 'operator key' };
    case 'caller': {
      const people = a.permissions ? [{ session: [] }] : [];
      return {
        security: [{ bearer: [] }, ...people],
        'x-loupe-scope': a.scope,
        'x-loupe-permissions': a.permissions ?? null,
      };
    }
  }
}

const responseHeaders = (h: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(h).map(([name, description]) => [name, { description, schema: { type: 'string' } }]),
  );

function operation(r: NamedRoute, components: Record<string, unknown>): object {
  const schema = (s: z.ZodType, io: 'input' | 'output', part: string) =>
    toOpenApiSchema(s, io, `${r.id}_${part}`, components);
  const props = (s: z.ZodType | undefined, part: string) => {
    if (!s) return [];
    const j = schema(s, 'input', part) as { properties?: Record<string, object>; required?: string[] };
    return Object.entries(j.properties ?? {}).map(([name, p]) => ({
      name,
      required: (j.required ?? []).includes(name),
      schema: p,
    }));
  };
  const params = props(r.params, 'params').map((p) => ({ ...p, in: 'path', required: true }));
  for (const m of r.path.matchAll(/:(\w+)/g)) {
    if (!params.some((p) => p.name === m[1]))
      params.push({ name: m[1]!, in: 'path', required: true, schema: { type: 'string' } });
  }
  const query = props(r.query, 'query').map((p) => ({ ...p, in: 'query' }));
  const headers = (r.headers ?? []).map((h) => ({
    name: h.name,
    in: h.in,
    required: false,
    description: h.description,
    schema: { type: 'string' },
  }));
  let body: object | undefined;
  if (r.body) {
    const one = r.body.schema(Date.now);
    const b = schema(r.body.records ? z.union([one, z.array(one)]) : one, 'input', 'body');
    body = { required: true, content: { 'application/json': { schema: b }, 'application/x-msgpack': { schema: b } } };
  }
  const ok = r.response;
  const content = ok.schema
    ? { content: { 'application/json': { schema: schema(ok.schema, 'output', 'response') } } }
    : ok.type
      ? { content: { [ok.type]: { schema: { type: 'string' } } } }
      : {};
  const error = (description: string) => ({
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  });
  // The route's named refusals (e.g. 403, 429), each with the codes a client may branch on.
  const named = Object.fromEntries(
    (r.errors ?? []).map((e) => [String(e.status), error(`${e.codes.join(', ')}: ${e.description}`)]),
  );
  return {
    operationId: r.id,
    summary: r.summary,
    ...security(r.access),
    parameters: [...params, ...query, ...headers],
    ...(body ? { requestBody: body } : {}),
    responses: {
      [String(ok.status)]: {
        description: ok.description,
        ...content,
        ...(ok.headers ? { headers: responseHeaders(ok.headers) } : {}),
      },
      ...named,
      default: error('Error'),
    },
  };
}

export function openApiDocument(routes: readonly NamedRoute[] = routeTable()): object {
  const schemas: Record<string, unknown> = {};
  schemas.Error = toOpenApiSchema(errorResponse, 'output', 'Error', schemas);
  const paths: Record<string, Record<string, object>> = {};
  for (const r of routes) {
    if (r.internal) continue;
    const path = oaPath(r.path);
    paths[path] ??= {};
    paths[path][r.method] = operation(r, schemas);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Loupe collector', version: '1' },
    components: {
      schemas,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API key, or the operator key for /v1/tenants' },
        session: { type: 'apiKey', in: 'cookie', name: 'loupe_session', description: "A signed-in person's session" },
        siteKey: { type: 'apiKey', in: 'header', name: 'X-Loupe-Key' },
        siteKeyQuery: {
          type: 'apiKey',
          in: 'query',
          name: 'key',
          description: 'For navigator.sendBeacon, which cannot set headers',
        },
      },
    },
    paths,
  };
}

/** The API description, built on first request. */
export function openApiRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  let doc: object | undefined;
  routesOn(app)(ROUTES.openapi, (c) => {
    doc ??= openApiDocument();
    return c.json(doc);
  });
  return app;
}
