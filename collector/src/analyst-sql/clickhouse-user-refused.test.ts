import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

/**
 * Server mode whose ClickHouse will not manage access: stood in for by chDB, which refuses CREATE
 * USER and CREATE ROW POLICY like a server whose Loupe user lacks ACCESS MANAGEMENT.
 */
let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer({ CLICKHOUSE_URL: 'http://clickhouse.invalid:8123' });
});
afterAll(() => srv?.close());

it("answers 409 CLICKHOUSE_REFUSED with ClickHouse's reason when the server refuses, never a 500", async () => {
  const r = await fetch(`${srv.url}/v1/sql/clickhouse-user`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${srv.adminKey}` },
  });
  const body = (await r.json()) as { error: { code: string; message: string } };
  expect(r.status, JSON.stringify(body)).toBe(409);
  expect(body.error.code).toBe('CLICKHOUSE_REFUSED');
  expect(body.error.message).toMatch(/privileges|ACCESS_DENIED/i);
});
