import { sampleBatch, sampleCallLog } from '@loupe/schemas/fixtures';
import { spawnCollector } from '@loupe/testkit/collector-process';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { recorderClient } from './testing/recorder-client.ts';

const collectorDir = fileURLToPath(new URL('..', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'loupe-startup-'));
const dirs = (name: string) => ({
  LOUPE_DATA_DIR: join(root, name, 'data'),
  LOUPE_SPOOL_DIR: join(root, name, 'spool'),
  LOUPE_ARCHIVE_DIR: join(root, name, 'archive'),
});
const servers: Server[] = [];
afterAll(async () => {
  for (const s of servers) await new Promise((r) => s.close(r));
  rmSync(root, { recursive: true, force: true });
});

/** Each line of a log, parsed; a line that is not JSON fails the test with the line. */
function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((l) => l.length)
    .map((l) => {
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON line on stdout: ${l}`);
      }
    });
}

/** A port nothing listens on (yet). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

/** The collector started against a ClickHouse server URL; resolves nothing until asked. */
function startAgainst(url: string, extra: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['bin/loupe.mjs'], {
    cwd: collectorDir,
    env: { PATH: process.env.PATH, PORT: '0', CLICKHOUSE_URL: url, ...dirs('server'), ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('close', (code) => r(code)));
  const until = async (what: (lines: Record<string, unknown>[]) => boolean, ms = 60_000) => {
    for (let waited = 0; waited < ms; waited += 100) {
      if (what(jsonLines(stdout))) return;
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    if (!what(jsonLines(stdout))) throw new Error(`not seen; the collector printed:\n${stdout}${stderr}`);
  };
  return { child, exited, until, stdout: () => stdout, stderr: () => stderr };
}

const retries = (lines: Record<string, unknown>[]) =>
  lines.filter((l) => String(l.msg).startsWith('ClickHouse is not reachable'));

describe('start-up with ClickHouse unreachable', () => {
  it('retries with backoff and a clear line each time, stays up, and goes on once the server answers', async () => {
    const port = await closedPort();
    const run = startAgainst(`http://user:pw@127.0.0.1:${port}`);
    await run.until((lines) => retries(lines).length >= 3);
    expect(run.child.exitCode).toBeNull();
    const tries = retries(jsonLines(run.stdout()));
    expect(tries[0]).toMatchObject({ level: 40, server: `http://127.0.0.1:${port}`, attempt: 1, retryInMs: 500 });
    expect(tries.map((t) => t.retryInMs)).toEqual([500, 1000, 2000, 4000].slice(0, tries.length));
    expect(String(tries[0]!.error)).toMatch(/ECONNREFUSED/);
    expect(run.stdout()).not.toContain('pw@');

    // A stand-in that answers ClickHouse's ping (GET /ping) and nothing else: not a real server, so
    // the migrations after it fail, and that failure must be one clear line too.
    const stub = createServer((req, res) => {
      if (req.url?.startsWith('/ping')) return res.end('Ok.\n');
      res.writeHead(500, { 'X-ClickHouse-Exception-Code': '999' });
      res.end('Code: 999. DB::Exception: a ping stand-in, not a real server. (STUB)');
    });
    servers.push(stub);
    await new Promise<void>((r) => stub.listen(port, '127.0.0.1', r));
    await run.until((lines) => lines.some((l) => l.msg === 'ClickHouse is reachable'));
    expect(await run.exited).toBe(1);
    const lines = jsonLines(run.stdout());
    expect(lines.find((l) => l.msg === 'ClickHouse is reachable')).toMatchObject({ attempts: tries.length + 1 });
    // One fatal line says why. The client's own error line (level 50) may land before or after it:
    // on CI it once came last.
    const fatal = lines.filter((l) => l.level === 60);
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toMatchObject({ msg: expect.stringMatching(/^start-up failed: .*stand-in/) });
    expect(run.stderr()).toBe('');
  });

  it('gives up after CLICKHOUSE_WAIT_SECONDS with a line that says what to check', async () => {
    const run = startAgainst(`http://127.0.0.1:${await closedPort()}`, { CLICKHOUSE_WAIT_SECONDS: '2' });
    expect(await run.exited).toBe(1);
    const last = jsonLines(run.stdout()).at(-1)!;
    expect(last).toMatchObject({ level: 60 });
    expect(String(last.msg)).toMatch(
      /did not answer within 2 s .*check CLICKHOUSE_URL, or raise CLICKHOUSE_WAIT_SECONDS/,
    );
    expect(run.stderr()).toBe('');
  });
});

describe('the log on stdout', () => {
  it('is JSON, every line, through a first start, traffic, a failing query and a shutdown', async () => {
    const proc = await spawnCollector({
      dir: collectorDir,
      env: { PATH: process.env.PATH, PORT: '0', LOUPE_LOG_LEVEL: 'debug', ...dirs('log') },
      args: ['bin/loupe.mjs'],
    });
    // The keys shown once are for the person at the terminal: on stderr, not in the log.
    const adminKey = /Admin API key \(shown once\): (\S+)/.exec(proc.output())![1]!;
    const siteKey = /Site key \(shown once\): +(\S+)/.exec(proc.output())![1]!;
    expect(proc.stdout()).not.toContain(adminKey);
    const admin = { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/json' };
    const t0 = Date.now() - 10_000;
    expect((await recorderClient(proc.url, siteKey)(sampleBatch('log-sess', 0, t0))).status).toBe(202);
    const logs = [sampleCallLog(t0, { statusCode: 500 })];
    expect(
      (await fetch(`${proc.url}/v1/call-logs`, { method: 'POST', headers: admin, body: JSON.stringify(logs) })).status,
    ).toBe(202);
    const bad = await fetch(`${proc.url}/v1/sql`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ query: 'SELECT no_such_column FROM call_logs' }),
    });
    expect(bad.status).toBe(400);
    await fetch(`${proc.url}/no/such/page`);
    await fetch(`${proc.url}/readyz`);
    expect(await proc.stop()).toBe(0);

    const lines = jsonLines(proc.stdout());
    expect(lines.length).toBeGreaterThan(5);
    expect(lines.map((l) => l.msg)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Loupe collector listening on /), 'request', 'stopped']),
    );
    expect(lines.every((l) => typeof l.level === 'number' && typeof l.time === 'number')).toBe(true);
  });
});
