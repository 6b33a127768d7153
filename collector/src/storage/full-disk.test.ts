import { sampleCallLog } from '@loupe/schemas/fixtures';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flakyClient, type FlakyClient } from '../testing/flaky-client.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import type { SpoolItem } from './durable-writes.ts';
import { openSpoolFile, type OpenSpoolFile } from './spool-file.ts';
import { Spool } from './spool.ts';

let srv: TestServer;
let flaky!: FlakyClient;
let diskFull = false;
const spoolDir = join(mkdtempSync(join(tmpdir(), 'loupe-full-disk-')), 'spool');
const t0 = Date.now() - 60_000;

/** A disk that fills up: while full, a write lands its first third, then fails with ENOSPC. */
const fillingDisk: OpenSpoolFile = async (path) => {
  const real = await openSpoolFile(path);
  return {
    write: (buf, offset, length) => {
      if (!diskFull) return real.write(buf, offset, length);
      if (length > 100) return real.write(buf, offset, Math.floor(length / 3));
      return Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
    },
    sync: () => real.sync(),
    truncate: (n) => real.truncate(n),
    close: () => real.close(),
  };
};

beforeAll(async () => {
  srv = await startTestServer(
    { LOUPE_SPOOL_DIR: spoolDir },
    undefined,
    {},
    Date.now,
    (c) => {
      flaky = flakyClient(c);
      return flaky.client;
    },
    { openSpoolFile: fillingDisk },
  );
});
afterAll(() => srv.close());

const postLogs = (bot: string) =>
  fetch(`${srv.url}/v1/call-logs`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${srv.adminKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify([sampleCallLog(t0, { bot, response: 'r'.repeat(3_000) }), sampleCallLog(t0, { bot })]),
  });

describe('a full disk under the spool', () => {
  it('answers a torn spool write 503 with Retry-After, never 202, and a restart finds every acknowledged write whole', async () => {
    expect((await postLogs('warm')).status).toBe(202);
    flaky.down = true;
    const acked: string[] = [];
    const ack = async (bot: string) => {
      const r = await postLogs(bot);
      expect(r.status).toBe(202);
      acked.push(...((await r.json()) as { ids: string[] }).ids);
    };
    await ack('before-full');

    diskFull = true;
    for (let i = 0; i < 3; i++) {
      const r = await postLogs('while-full');
      expect(r.status).toBe(503);
      expect(r.headers.get('retry-after')).toBe('5');
      expect(await r.json()).toMatchObject({ error: { code: 'SPOOL_WRITE_FAILED' } });
    }
    diskFull = false;
    await ack('after-full');

    // A restart reads the log from disk: both acknowledged writes are whole, nothing torn is kept.
    await srv.services.spool.close();
    const again = new Spool<SpoolItem>(spoolDir, 64 * 1024 * 1024);
    await again.open();
    const ids = again.pending.flatMap((p) => (p.kind === 'rows' ? p.rows.map((r) => r.id) : []));
    expect(ids).toEqual(acked);
    await again.close();
  });
});
