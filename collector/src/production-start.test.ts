import { sampleBatch, sampleCallLog } from '@loupe/schemas/fixtures';
import { spawnCollector, type CollectorProcess } from '@loupe/testkit/collector-process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { recorderClient } from './testing/recorder-client.ts';

const collectorDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'loupe-prod-'));
const ADMIN = 'prod-start-admin-key-0123456789-abcdef';
const SITE = 'prod-start-site-key-0123456789-abcdefg';
const env = {
  PATH: process.env.PATH,
  PORT: '0',
  LOUPE_DATA_DIR: join(root, 'data'),
  LOUPE_SPOOL_DIR: join(root, 'spool'),
  LOUPE_ARCHIVE_DIR: join(root, 'archive'),
  LOUPE_ADMIN_KEY: ADMIN,
  LOUPE_SITE_KEY: SITE,
  LOUPE_LOG_LEVEL: 'warn',
};
const procs: CollectorProcess[] = [];
afterAll(async () => {
  for (const p of procs) await p.kill();
  rmSync(root, { recursive: true, force: true });
});

/** The production start, as README, the Dockerfile and the systemd unit run it: `node bin/loupe.mjs`. */
async function start(extra: Record<string, string> = {}): Promise<CollectorProcess> {
  const p = await spawnCollector({ dir: collectorDir, env: { ...env, ...extra }, args: ['bin/loupe.mjs'] });
  procs.push(p);
  return p;
}

const portOf = (url: string) => Number(new URL(url).port);
const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });
/** Processes whose environment names this test's data folder: the collector, or anything it left. */
function processesOfThisTest(): number[] {
  const found: number[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/environ`, 'latin1').includes(env.LOUPE_DATA_DIR)) found.push(Number(pid));
    } catch {
      // gone already, or not ours to read
    }
  }
  return found;
}
const queueRows = async (url: string) =>
  Number(/^loupe_writer_queue_rows (\d+)$/m.exec(await (await fetch(`${url}/metrics`)).text())?.[1] ?? -1);

describe('the production start (node bin/loupe.mjs)', () => {
  it('on SIGTERM answers the writes under way, stores every acknowledged row, closes the port, and exits', async () => {
    // Inserts wait a minute for their flush tick: at SIGTERM the writes are still in the writer.
    const proc = await start({ LOUPE_FLUSH_MS: '60000', LOUPE_FLUSH_ROWS: '1000000' });
    const { url } = proc;
    const t0 = Date.now() - 60_000;
    const send = recorderClient(url, SITE);
    let answeredBeforeSignal = 0;
    let signalled = false;
    const note = (r: Response) => {
      if (!signalled) answeredBeforeSignal++;
      return r;
    };
    // Recorder batches are flushed at once (storage/recorder-sink.ts), so they may be answered before
    // the signal; the call logs wait for the writer's tick and are the writes under way at SIGTERM.
    const batches = Array.from({ length: 4 }, (_, n) => send(sampleBatch(`prod-sess-${n}`, 0, t0 + n)));
    const posts = Array.from({ length: 6 }, (_, i) =>
      fetch(`${url}/v1/call-logs`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify([0, 1, 2].map((k) => sampleCallLog(t0 + i * 3 + k, { bot: 'prod-bot' }))),
      }).then(note),
    );
    // Until every call-log row waits in the writer, however slow the machine.
    for (let waited = 0; (await queueRows(url)) < 6 * 3 && waited < 45_000; waited += 100)
      await new Promise((r) => setTimeout(r, 100));
    expect(await queueRows(url)).toBeGreaterThanOrEqual(6 * 3);
    expect(answeredBeforeSignal).toBe(0);

    signalled = true;
    const pid = proc.child.pid!;
    const exited = proc.stop();
    const answers = await Promise.all([...batches, ...posts]);
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(202));
    const ids = (await Promise.all(posts.map(async (p) => ((await (await p).json()) as { ids: string[] }).ids))).flat();
    expect(ids).toHaveLength(18);
    expect(await exited).toBe(0);
    expect(proc.output()).toContain('shutting down');
    expect(await refused(portOf(url))).toBe(true);
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
    expect(processesOfThisTest()).toEqual([]);

    // The data folder, opened again: everything acknowledged is there.
    const again = await start();
    const get = async <T>(path: string) =>
      (await (await fetch(`${again.url}${path}`, { headers: { Authorization: `Bearer ${ADMIN}` } })).json()) as T;
    const stored = await get<{ items: { id: string }[] }>('/v1/call-logs?bot=prod-bot&limit=100');
    expect(stored.items.map((i) => i.id).sort()).toEqual([...ids].sort());
    for (let n = 0; n < 4; n++)
      expect((await get<{ items: unknown[] }>(`/v1/sessions/prod-sess-${n}/events`)).items).toHaveLength(12);
    expect(await again.stop()).toBe(0);
    expect(processesOfThisTest()).toEqual([]);
  });
});

describe('a shutdown with a stream that never ends', () => {
  it('closes a live view after LOUPE_SHUTDOWN_SECONDS and still exits cleanly', async () => {
    const proc = await start({ LOUPE_SHUTDOWN_SECONDS: '1' });
    const live = await fetch(`${proc.url}/v1/sessions/prod-sess-0/live`, {
      headers: { Authorization: `Bearer ${ADMIN}` },
    });
    expect(live.status).toBe(200);
    const reading = live.body!.getReader();
    const ended = (async () => {
      try {
        while (!(await reading.read()).done);
        return 'ended';
      } catch {
        return 'cut';
      }
    })();
    // A viewer watching live holds its connection open: without the grace period, no exit.
    expect(await proc.stop()).toBe(0);
    expect(['ended', 'cut']).toContain(await ended);
    expect(proc.output()).toContain('requests still open after the grace period');
    expect(processesOfThisTest()).toEqual([]);
  });
});

describe('the deployment files', () => {
  it('run the same production start as the test above, so that SIGTERM reaches the collector', () => {
    const docker = readFileSync(join(repoRoot, 'docs/deploy/Dockerfile'), 'utf8');
    expect(docker).toMatch(/^CMD \["node", "collector\/bin\/loupe\.mjs"\]$/m);
    // Exec form: a shell form would make /bin/sh PID 1, which does not pass SIGTERM on.
    expect(docker).not.toMatch(/^CMD (?!\[)/m);
    const unit = readFileSync(join(repoRoot, 'docs/deploy/loupe.service'), 'utf8');
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/node \S*collector\/bin\/loupe\.mjs$/m);
    expect(unit).toMatch(/^KillSignal=SIGTERM$/m);
    const pkg = JSON.parse(readFileSync(join(collectorDir, 'package.json'), 'utf8')) as { bin: { loupe: string } };
    expect(pkg.bin.loupe).toBe('./bin/loupe.mjs');
  });
});
