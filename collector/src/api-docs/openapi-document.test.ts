import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { routeTable } from '../route-table.ts';
import { openApiDocument } from './openapi-document.ts';

type Operation = { operationId: string; responses: Record<string, { content?: Record<string, { schema?: unknown }> }> };
type Doc = { openapi: string; paths: Record<string, Record<string, Operation>> };

describe('/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document whose every reference resolves', async () => {
    const doc = openApiDocument() as Doc;
    expect(doc.openapi).toBe('3.1.0');
    // The validator checks the document against the OpenAPI 3.1 schema and resolves every $ref.
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
    expect(JSON.stringify(doc)).not.toContain('#/$defs/');
  });

  it('describes every route of the table but the bundles and pages, each with its success response', () => {
    const doc = openApiDocument() as Doc;
    const described = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        route: `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
        op,
      })),
    );
    const api = routeTable().filter((r) => !r.internal);
    expect(described.map((d) => d.route).sort()).toEqual(api.map((r) => `${r.method.toUpperCase()} ${r.path}`).sort());
    for (const r of api) {
      const op = described.find((d) => d.op.operationId === r.id)!.op;
      const ok = op.responses[String(r.response.status)];
      expect(ok, r.id).toBeDefined();
      if (r.response.status !== 204) expect(Object.values(ok!.content ?? {})[0]?.schema, r.id).toBeDefined();
    }
  });

  it('includes the routes it used to miss', () => {
    const doc = openApiDocument() as Doc;
    expect(Object.keys(doc.paths['/v1/users']!).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/v1/users/{id}']!).sort()).toEqual(['delete', 'patch']);
    expect(doc.paths['/v1/auth/logout']!.post).toBeDefined();
    expect(doc.paths['/v1/auth/me']!.get).toBeDefined();
    expect(doc.paths['/v1/sessions/{id}/live']!.get).toBeDefined();
  });

  it("describes what the role ceilings and per-tenant sign-in added: login's tenant, keys' makers, grantable roles", () => {
    type Obj = { properties: Record<string, Obj>; required?: string[]; items?: Obj };
    type Body = { content: Record<string, { schema: Obj }> };
    const paths = (openApiDocument() as unknown as { paths: Record<string, Record<string, Record<string, unknown>>> })
      .paths;
    const login = (paths['/v1/auth/login']!.post!.requestBody as Body).content['application/json']!.schema;
    expect(Object.keys(login.properties)).toContain('tenant');
    expect(login.required).not.toContain('tenant');
    const ok = (path: string, method: string, status: string) =>
      (paths[path]![method]!.responses as Record<string, Body>)[status]!.content['application/json']!.schema;
    const key = ok('/v1/api-keys', 'get', '200').properties.items!.items!;
    expect(Object.keys(key.properties.createdBy!.properties).sort()).toEqual(['role', 'userId', 'username']);
    expect(Object.keys(ok('/v1/auth/me', 'get', '200').properties.user!.properties)).toContain('grantableRoles');
  });

  it("names SQL's refusals: by role (403 TABLE_FORBIDDEN) and past the tenant's two at once (429 SQL_BUSY)", () => {
    const sql = (openApiDocument() as Doc).paths['/v1/sql']!.post!.responses as Record<string, { description: string }>;
    expect(sql['403']?.description).toContain('TABLE_FORBIDDEN');
    expect(sql['429']?.description).toContain('SQL_BUSY');
    expect(sql['400']?.description).toContain('SQL_REJECTED');
    expect(sql.default).toBeDefined();
  });

  it("names what issue 12's security fixes added: Idempotency-Key, session secrets, the spool's refusals", () => {
    type Op = {
      parameters: { name: string; in: string }[];
      responses: Record<
        string,
        { description: string; headers?: Record<string, unknown>; content?: Record<string, { schema: Obj }> }
      >;
    };
    type Obj = { properties: Record<string, unknown>; required?: string[] };
    const paths = (openApiDocument() as unknown as { paths: Record<string, Record<string, Op>> }).paths;
    const ingest = paths['/v1/ingest']!.post!;
    expect(ingest.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'X-Loupe-Session-Secret', in: 'header' }),
        expect.objectContaining({ name: 'ss', in: 'query' }),
      ]),
    );
    const accepted = ingest.responses['202']!;
    expect(Object.keys(accepted.content!['application/json']!.schema.properties)).toContain('sessionSecret');
    expect(accepted.content!['application/json']!.schema.required).not.toContain('sessionSecret');
    expect(Object.keys(accepted.headers ?? {})).toContain('Loupe-Secret');
    expect(ingest.responses['403']?.description).toContain('SESSION_NOT_YOURS');
    expect(ingest.responses['503']?.description).toContain('SPOOL_WRITE_FAILED');
    for (const path of ['/v1/audit-events', '/v1/change-audits', '/v1/call-logs']) {
      const write = paths[path]!.post!;
      expect(write.parameters, path).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header' })]),
      );
      expect(write.responses['409']?.description, path).toContain('IDEMPOTENCY_IN_PROGRESS');
      expect(write.responses['422']?.description, path).toContain('IDEMPOTENCY_KEY_REUSED');
      expect(write.responses['503']?.description, path).toContain('SPOOL_WRITE_FAILED');
      expect(Object.keys(write.responses['202']!.headers ?? {}), path).toContain('Idempotent-Replayed');
    }
    const health = paths['/healthz']!.get!.responses['200']!.content!['application/json']!.schema;
    expect(Object.keys(health.properties)).toEqual(expect.arrayContaining(['writes', 'spooled', 'quarantined']));
  });
});
