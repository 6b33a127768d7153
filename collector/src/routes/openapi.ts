import {
  COBROWSE_TYPES,
  createApiKeyRequest,
  createTenantRequest,
  recorderBatchSchema,
  tenantSettings,
} from '@loupe/schemas';
import type { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env.ts';
import { PLATFORM_FAMILIES } from './families.ts';
import { sqlRequest } from './sql.ts';

/**
 * The OpenAPI document, from the same zod schemas the routes validate with. Built here with
 * zod's own `z.toJSONSchema` rather than @hono/zod-openapi, whose converter (zod-to-openapi 9.1)
 * fails on zod 4.6's schemas; the route list below is the one place to describe a new route.
 */
type Auth = 'site key' | 'ingest' | 'read' | 'export' | 'admin' | 'operator' | 'none';
interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'delete' | 'options';
  path: string;
  summary: string;
  auth: Auth;
  body?: z.ZodType;
  query?: z.ZodType;
  ok: { status: number; description: string };
}

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });

function routes(): RouteDoc[] {
  const docs: RouteDoc[] = [
    { method: 'post', path: '/v1/ingest', summary: 'One recorder batch (JSON or msgpack, optionally gzip); later batches of a session carry the sessionSecret of its first 202 (X-Loupe-Session-Secret or ?ss=), else 403', auth: 'site key', body: recorderBatchSchema(), ok: { status: 202, description: 'Stored (or already stored); the first batch of a session gets its sessionSecret (body, and the Loupe-Secret header)' } },
    { method: 'get', path: '/v1/sessions', summary: 'Sessions, newest first, from the summary table', auth: 'read', ok: { status: 200, description: '{ items, next }' } },
    { method: 'get', path: '/v1/sessions/{id}', summary: "One session's summary", auth: 'read', ok: { status: 200, description: 'The session' } },
    { method: 'get', path: '/v1/sessions/{id}/events', summary: `A session's co-browse events (${COBROWSE_TYPES.join(', ')}), oldest first`, auth: 'read', ok: { status: 200, description: '{ items, next }' } },
    { method: 'get', path: '/v1/sessions/{id}/replay', summary: "A session's rrweb events for a time window, oldest first (snapshot=true starts at the last full snapshot before from)", auth: 'read', ok: { status: 200, description: '{ items, next }' } },
    { method: 'post', path: '/v1/api-keys', summary: 'Create an API key; the key is in this answer only', auth: 'admin', body: createApiKeyRequest, ok: { status: 201, description: '{ id, key, prefix, expiresAt, ... }' } },
    { method: 'get', path: '/v1/api-keys', summary: "The tenant's active keys (prefix only)", auth: 'admin', ok: { status: 200, description: '{ items }' } },
    { method: 'delete', path: '/v1/api-keys/{id}', summary: 'Revoke a key', auth: 'admin', ok: { status: 204, description: 'Revoked' } },
    { method: 'get', path: '/v1/settings', summary: "The tenant's settings", auth: 'admin', ok: { status: 200, description: 'Settings' } },
    { method: 'put', path: '/v1/settings', summary: 'Change settings (fields left out keep their value)', auth: 'admin', body: tenantSettings.partial(), ok: { status: 200, description: 'Settings' } },
    { method: 'post', path: '/v1/tenants', summary: 'Create a tenant with an admin key and a site key', auth: 'operator', body: createTenantRequest, ok: { status: 201, description: '{ tenantId, adminKey, siteKey }' } },
    { method: 'post', path: '/v1/sql', summary: "Read-only SQL over the caller's tenant's rows", auth: 'admin', body: sqlRequest, ok: { status: 200, description: '{ items, columns, truncated }' } },
    { method: 'post', path: '/v1/auth/login', summary: 'Sign in to the viewer (sets an HttpOnly cookie)', auth: 'none', ok: { status: 200, description: '{ user, expiresAt }' } },
    { method: 'get', path: '/v1/users', summary: "The tenant's users and roles", auth: 'admin', ok: { status: 200, description: '{ items }' } },
    { method: 'get', path: '/v1/integrations', summary: 'Integrations and whether each needs re-authorisation', auth: 'read', ok: { status: 200, description: '{ items }' } },
    { method: 'get', path: '/v1/integrity/verify', summary: 'Verify the audit chains; names the first tampered row', auth: 'admin', ok: { status: 200, description: '{ ok, reports }' } },
    { method: 'get', path: '/v1/archive/runs', summary: 'Archiving runs, newest first', auth: 'admin', ok: { status: 200, description: '{ items }' } },
    { method: 'post', path: '/v1/archive/run', summary: 'Archive the months due now', auth: 'admin', ok: { status: 200, description: '{ archived }' } },
    { method: 'get', path: '/healthz', summary: 'Liveness and ClickHouse reachability', auth: 'none', ok: { status: 200, description: 'Up' } },
    { method: 'get', path: '/metrics', summary: 'Prometheus metrics', auth: 'none', ok: { status: 200, description: 'Metrics' } },
  ];
  for (const f of PLATFORM_FAMILIES) {
    const one = f.schema(Date.now);
    docs.push(
      { method: 'post', path: f.path, summary: `Store ${f.name}: one record or an array; an Idempotency-Key header makes a retry store nothing new`, auth: 'ingest', body: z.union([one, z.array(one)]), ok: { status: 202, description: '{ stored, ids }' } },
      { method: 'get', path: f.path, summary: `Read ${f.name}, newest first`, auth: 'read', query: f.filters, ok: { status: 200, description: '{ items, next }' } },
      { method: 'get', path: `${f.path}/export.csv`, summary: `Export ${f.name} as CSV`, auth: 'export', query: f.filters, ok: { status: 200, description: 'text/csv' } },
    );
  }
  return docs;
}

const errorSchema = {
  type: 'object',
  properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, path: { type: 'string' } }, required: ['code', 'message'] } },
};

export function openApiDocument(): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const r of routes()) {
    const query = r.query ? (json(r.query) as { properties?: Record<string, object> }).properties ?? {} : {};
    paths[r.path] ??= {};
    paths[r.path]![r.method] = {
      summary: r.summary,
      ...(r.auth === 'none' ? { security: [] } : { security: [r.auth === 'site key' ? { siteKey: [] } : { bearer: [] }], 'x-loupe-scope': r.auth }),
      parameters: [
        ...(r.path.includes('{id}') ? [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }] : []),
        ...Object.entries(query).map(([name, schema]) => ({ name, in: 'query', required: false, schema })),
      ],
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: json(r.body) }, 'application/x-msgpack': { schema: json(r.body) } } } } : {}),
      responses: {
        [r.ok.status]: { description: r.ok.description },
        default: { description: 'Error', content: { 'application/json': { schema: errorSchema } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Loupe collector', version: '1' },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        siteKey: { type: 'apiKey', in: 'header', name: 'X-Loupe-Key' },
      },
    },
    paths,
  };
}

export function registerOpenApi(app: Hono<AppEnv>): void {
  let doc: object | undefined;
  app.get('/openapi.json', (c) => c.json((doc ??= openApiDocument())));
}
