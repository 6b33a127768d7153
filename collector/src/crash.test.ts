import { sampleBatch, sampleCallLog } from '@loupe/schemas/fixtures';
import { spawnCollector, type CollectorProcess } from '@loupe/testkit/collector-process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rowId } from './ids/row-id.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { Spool } from './storage/spool.ts';
import { recorderClient } from './testing/recorder-client.ts';
import type { SpoolItem } from './storage/durable-writes.ts';

const root = mkdtempSync(join(tmpdir(), 'loupe-crash-'));
const ADMIN = 'crash-test-admin-key-0123456789-abcdef';
const SITE = 'crash-test-site-key-0123456789-abcdef';
const env = {
  PATH: process.env.PATH,
  PORT: '0',
  LOUPE_DATA_DIR: join(root, 'data'),
  LOUPE_SPOOL_DIR: join(root, 'spool'),
  LOUPE_ARCHIVE_DIR: join(root, 'archive'),
  LOUPE_ADMIN_KEY: ADMIN,
  LOUPE_SITE_KEY: SITE,
  LOUPE_RATE_PER_SECOND: '100000',
  LOUPE_RATE_BURST: '100000',
  LOUPE_LOG_LEVEL: 'warn',
};
let proc: CollectorProcess | undefined;
afterAll(async () => {
  await proc?.kill();
  rmSync(root, { recursive: true, force: true });
});

async function start(): Promise<string> {
  proc = await spawnCollector({ dir: fileURLToPath(new URL('..', import.meta.url)), env });
  return proc.url;
}

describe('kill -9 in the middle of a load', () => {
  it('stores every acknowledged batch and record exactly once after a restart, and replays the spool', async () => {
    const url = await start();
    const t0 = Date.now() - 10_000;
    const ackedBatches: { sessionId: string; seq: number }[] = [];
    const ackedIds: string[] = [];
    let stop = false;
    const recorder = async (n: number) => {
      const sessionId = `crash-sess-${n}`;
      const send = recorderClient(url, SITE);
      for (let seq = 0; !stop && seq < 10_000; seq++) {
        try {
          const r = await send(sampleBatch(sessionId, seq, t0 + seq));
          if (r.status === 202) ackedBatches.push({ sessionId, seq });
        } catch {
          return; // the collector died under us: this batch was never acknowledged
        }
      }
    };
    const platform = async () => {
      for (let i = 0; !stop && i < 10_000; i++) {
        try {
          const r = await fetch(`${url}/v1/call-logs`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' },
            body: JSON.stringify([sampleCallLog(t0, { bot: 'crash-bot' }), sampleCallLog(t0, { bot: 'crash-bot' })]),
          });
          if (r.status === 202) ackedIds.push(...((await r.json()) as { ids: string[] }).ids);
        } catch {
          return;
        }
      }
    };
    const load = Promise.all([recorder(1), recorder(2), recorder(3), platform(), platform()]);
    // Killed once some of each were acknowledged, however slowly a loaded machine gets there.
    for (let waited = 0; (ackedBatches.length <= 10 || ackedIds.length <= 10) && waited < 60_000; waited += 100) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await proc!.kill();
    stop = true;
    await load;
    expect(ackedBatches.length).toBeGreaterThan(10);
    expect(ackedIds.length).toBeGreaterThan(10);

    // What a collector killed during a storage outage leaves behind: acknowledged records in the spool.
    const spool = new Spool<SpoolItem>(env.LOUPE_SPOOL_DIR, 1 << 30);
    await spool.open();
    const spooledIds = [rowId(), rowId()];
    const now = Date.now();
    await spool.append({ kind: 'recorder', tenantId: 'default', batch: sampleBatch('crash-spooled', 0, now - 1000) });
    await spool.append({
      kind: 'rows',
      table: 'call_logs',
      rows: spooledIds.map((id) => ({
        tenant_id: 'default',
        ts: now,
        id,
        application: 'App',
        bot: 'spooled-bot',
        source: 's',
        user: 'u',
        method: 'GET',
        url: 'https://x.example/',
        status_code: 200,
        success: true,
        duration_ms: 1,
        request: '',
        response: '',
        key_id: '',
        received_at: now,
        retention_days: 30,
      })),
    });
    await spool.close();

    const again = await start();
    const get = async <T>(path: string) =>
      (await (await fetch(`${again}${path}`, { headers: { Authorization: `Bearer ${ADMIN}` } })).json()) as T;
    for (const n of [1, 2, 3]) {
      const events = await get<{ items: { seq: number }[] }>(`/v1/sessions/crash-sess-${n}/events?limit=10000`);
      const perSeq = new Map<number, number>();
      for (const e of events.items) perSeq.set(e.seq, (perSeq.get(e.seq) ?? 0) + 1);
      for (const b of ackedBatches.filter((a) => a.sessionId === `crash-sess-${n}`))
        expect(perSeq.get(b.seq), `${b.sessionId} seq ${b.seq}`).toBe(12);
      // Batches cut off by the kill may be stored or not, but never twice.
      expect([...perSeq.values()].every((c) => c === 12)).toBe(true);
    }
    const stored: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; next: string | null } = await get(
        `/v1/call-logs?bot=crash-bot&limit=1000${cursor ? `&cursor=${cursor}` : ''}`,
      );
      stored.push(...page.items.map((i) => i.id));
      cursor = page.next;
    } while (cursor);
    const storedSet = new Set(stored);
    expect(stored.length).toBe(storedSet.size);
    for (const id of ackedIds) expect(storedSet.has(id), id).toBe(true);

    expect((await get<{ items: unknown[] }>('/v1/sessions/crash-spooled/events')).items).toHaveLength(12);
    expect(
      (await get<{ items: { id: string }[] }>('/v1/call-logs?bot=spooled-bot')).items.map((i) => i.id).sort(),
    ).toEqual([...spooledIds].sort());
  });
});
