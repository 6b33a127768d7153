import { sampleCallLog } from '@loupe/schemas/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let srv: TestServer;
const NAME = 'Zürich — ñ';
beforeAll(async () => {
  srv = await startTestServer();
  const r = await fetch(`${srv.url}/v1/call-logs`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${srv.adminKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify([sampleCallLog(Date.now() - 1000, { bot: NAME, application: NAME })]),
  });
  expect(r.status).toBe(202);
});
afterAll(() => srv.close());

const exportBytes = async (query: string) => {
  const r = await fetch(`${srv.url}/v1/call-logs/export.csv?${query}`, {
    headers: { Authorization: `Bearer ${srv.adminKey}` },
  });
  return { status: r.status, bytes: Buffer.from(await r.arrayBuffer()) };
};
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('CSV export for spreadsheets', () => {
  it('starts with a UTF-8 BOM only when asked (bom=1), and round-trips non-ASCII text either way', async () => {
    const bot = `bot=${encodeURIComponent(NAME)}`;
    const withBom = await exportBytes(`${bot}&bom=1`);
    expect(withBom.status).toBe(200);
    expect(withBom.bytes.subarray(0, 3)).toEqual(BOM);
    // Exactly one BOM, at the very start: the header's first name is intact after it.
    const text = new TextDecoder('utf-8', { ignoreBOM: false }).decode(withBom.bytes);
    expect(text.split('\n')[0]).toMatch(/^[A-Z]/);
    expect(text.split('\n')[1]).toContain(NAME);
    expect(withBom.bytes.indexOf(BOM, 1)).toBe(-1);

    for (const q of ['', '&bom=0', '&bom=false']) {
      const plain = await exportBytes(`${bot}${q}`);
      expect(plain.status).toBe(200);
      expect(plain.bytes.subarray(0, 3)).not.toEqual(BOM);
      expect(plain.bytes.toString('utf8')).toContain(NAME);
      // The same file but for the BOM.
      expect(Buffer.concat([BOM, plain.bytes])).toEqual(withBom.bytes);
    }
  });

  it('refuses a bom value it does not know, naming the parameter', async () => {
    const r = await exportBytes('bom=yes');
    expect(r.status).toBe(400);
    expect(JSON.parse(r.bytes.toString('utf8'))).toMatchObject({ error: { code: 'INVALID_FIELD', path: 'bom' } });
  });
});
