import type { ClickHouseClient } from '@clickhouse/client';
import { SEED_CHANGE_AUDITS, sampleAuditEvents, sampleBatch, sampleCallLog } from '@loupe/schemas/fixtures';
import {
  AUDIT_TABLE,
  CALL_LOG_TABLE,
  CHANGE_AUDIT_TABLE,
  MIGRATIONS,
  toAuditRow,
  toCallLogRow,
  toChangeAuditRow,
  toCobrowseRow,
} from '@loupe/schemas';
import { rowId } from '../ids/row-id.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStorage } from '../testing/test-storage.ts';
import { BatchWriter } from './batch-writer.ts';
import { migrate } from './migrate.ts';
import { listAuditEvents, listCallLogs, listChangeAudits } from '../records/record-queries.ts';
import { listSessionEvents, listSessions, readReplayWindow } from '../sessions/session-queries.ts';
import { RecorderSink } from './recorder-sink.ts';

let client: ClickHouseClient;
let close: () => Promise<void>;
let writer: BatchWriter;
let sink: RecorderSink;
const t0 = Date.now() - 60 * 60_000;
const meta = () => ({ id: rowId(), keyId: 'key-1', receivedAt: Date.now() });
const strip = <T extends { id: string; keyId: string }>({ id: _id, keyId: _k, ...rest }: T) => rest;

beforeAll(async () => {
  ({ client, close } = await openTestStorage());
  writer = new BatchWriter(client, { maxRows: 1000, flushIntervalMs: 20 });
  sink = new RecorderSink(client, writer);
});
afterAll(async () => {
  await writer.close();
  await close();
});

describe('recorder batches', () => {
  it('round-trips every co-browse event and the replay with every field intact', async () => {
    const batch = sampleBatch('sess-roundtrip', 0, t0);
    expect(await sink.store('tenant-a', batch)).toBe('stored');

    const events = await listSessionEvents(client, { tenantId: 'tenant-a', sessionId: 'sess-roundtrip' });
    expect(events.items.map(({ sessionId: _s, seq: _q, idx: _i, isAgent: _a, ...e }) => e)).toEqual(batch.events);
    expect(events.items.every((e) => e.seq === 0 && e.isAgent === false)).toBe(true);

    const replay = await readReplayWindow(client, { tenantId: 'tenant-a', sessionId: 'sess-roundtrip' });
    expect(replay.chunks).toHaveLength(1);
    expect(replay.chunks[0]).toMatchObject({ firstTs: t0, lastTs: t0 + 15, eventCount: 3, hasFullSnapshot: true });
    expect(replay.chunks[0]!.events).toEqual(batch.replay);
  });

  it('stores a batch that arrives twice only once, whether the copies overlap or not', async () => {
    const batch = sampleBatch('sess-dup', 3, t0);
    const outcomes = await Promise.all([sink.store('tenant-a', batch), sink.store('tenant-a', batch)]);
    expect(outcomes.sort()).toEqual(['duplicate', 'stored']);
    // A fresh sink has no memory of the first write: the receipt in ClickHouse is what stops it.
    const restarted = new RecorderSink(client, writer);
    expect(await restarted.store('tenant-a', batch)).toBe('duplicate');
    const events = await listSessionEvents(client, { tenantId: 'tenant-a', sessionId: 'sess-dup' });
    expect(events.items).toHaveLength(batch.events.length);
    const replay = await readReplayWindow(client, { tenantId: 'tenant-a', sessionId: 'sess-dup' });
    expect(replay.chunks).toHaveLength(1);
  });

  it('completes a batch whose events were stored before a crash, without storing them twice', async () => {
    const batch = sampleBatch('sess-crash', 0, t0);
    // What a crash between the inserts leaves: the events, but no replay and no receipt.
    await writer.write(
      'cobrowse_events',
      batch.events.map((e, i) => toCobrowseRow('tenant-a', batch, e, i)),
    );
    expect(await new RecorderSink(client, writer).store('tenant-a', batch)).toBe('stored');
    expect((await listSessionEvents(client, { tenantId: 'tenant-a', sessionId: 'sess-crash' })).items).toHaveLength(
      batch.events.length,
    );
    expect((await readReplayWindow(client, { tenantId: 'tenant-a', sessionId: 'sess-crash' })).chunks).toHaveLength(1);
    expect(await new RecorderSink(client, writer).store('tenant-a', batch)).toBe('duplicate');
  });

  it('keeps the same seq of another tenant or session apart', async () => {
    expect(await sink.store('tenant-b', sampleBatch('sess-dup', 3, t0))).toBe('stored');
    expect(await sink.store('tenant-a', sampleBatch('sess-dup-2', 3, t0))).toBe('stored');
    const other = await listSessionEvents(client, { tenantId: 'tenant-b', sessionId: 'sess-dup' });
    expect(other.items).toHaveLength(sampleBatch('x', 0, t0).events.length);
  });

  it('starts a replay window at the last full snapshot before the asked moment', async () => {
    const minute = 60_000;
    const chunk = (seq: number, full: boolean) =>
      sampleBatch('sess-snap', seq, t0 + seq * minute, {
        events: [],
        replay: [
          { type: full ? 2 : 3, timestamp: t0 + seq * minute, data: {} },
          { type: 3, timestamp: t0 + seq * minute + 1000, data: {} },
        ],
      });
    for (const [seq, full] of [
      [0, true],
      [1, false],
      [2, true],
      [3, false],
    ] as const)
      await sink.store('tenant-a', chunk(seq, full));
    const seqs = async (from: number) =>
      (
        await readReplayWindow(client, {
          tenantId: 'tenant-a',
          sessionId: 'sess-snap',
          from,
          to: from + 30_000,
          fromSnapshot: true,
        })
      ).chunks.map((c) => c.seq);
    expect(await seqs(t0 + 3 * minute + 500)).toEqual([2, 3]);
    expect(await seqs(t0 + 1 * minute + 500)).toEqual([0, 1]);
    expect(await seqs(t0 + 2 * minute)).toEqual([2]);
  });

  it('summarises sessions without reading events: duration, pages, user, agent, counts', async () => {
    await sink.store('tenant-s', sampleBatch('sess-sum-1', 0, t0));
    await sink.store('tenant-s', sampleBatch('sess-sum-1', 1, t0 + 5 * 60_000, { isAgent: true, events: [] }));
    await sink.store('tenant-s', sampleBatch('sess-sum-2', 0, t0 + 60_000, { user: undefined }));
    const page = await listSessions(client, { tenantId: 'tenant-s', from: t0 - 1000, to: t0 + 10 * 60_000 });
    expect(page.items.map((s) => s.sessionId)).toEqual(['sess-sum-2', 'sess-sum-1']);
    const s1 = page.items[1]!;
    expect(s1).toMatchObject({
      startedAt: t0,
      durationMs: 5 * 60_000 + 15,
      user: { id: 'cust-17', name: 'Ada' },
      hasAgent: true,
      entryUrl: 'https://shop.example/',
      eventCount: 12,
      replayEventCount: 6,
    });
    expect(s1.pages).toEqual(['https://shop.example/', 'https://shop.example/cart']);
    expect(s1.eventCounts).toMatchObject({ CLICK: 2, CUSTOM_EVENT: 3, FORM: 1 });
    expect(page.items[0]!.user).toBeNull();

    const agentOnly = await listSessions(client, { tenantId: 'tenant-s', hasAgent: true });
    expect(agentOnly.items.map((s) => s.sessionId)).toEqual(['sess-sum-1']);
    const long = await listSessions(client, { tenantId: 'tenant-s', minDurationMs: 60_000 });
    expect(long.items.map((s) => s.sessionId)).toEqual(['sess-sum-1']);
    const byUser = await listSessions(client, { tenantId: 'tenant-s', userId: 'cust-17' });
    expect(byUser.items.map((s) => s.sessionId)).toEqual(['sess-sum-1']);
  });

  it("reads only the asked session's granules for a time-range query", async () => {
    // 400,000 events over 400 sessions, written the way the engine bulk-loads, then one session read.
    await client.command({
      query: `INSERT INTO cobrowse_events (tenant_id, session_id, ts, seq, idx, type, is_agent, url, target)
              SELECT 'tenant-big', 'big-' || toString(number % 400), fromUnixTimestamp64Milli(toInt64(${t0} + intDiv(number, 400)), 'UTC'),
                     intDiv(number, 400), 0, 'CLICK', false, 'https://shop.example/', 'btn'
              FROM numbers(400000)`,
    });
    const page = await listSessionEvents(client, {
      tenantId: 'tenant-big',
      sessionId: 'big-7',
      from: t0,
      to: t0 + 500,
      limit: 10_000,
    });
    expect(page.items).toHaveLength(501);
    // ClickHouse's own statistics: a granule is 8,192 rows, so one session's rows sit in one or two.
    expect(page.stats.rowsRead).toBeGreaterThan(0);
    expect(page.stats.rowsRead).toBeLessThanOrEqual(2 * 8192);
  });
});

describe('platform records', () => {
  it('round-trips every audit event type with its data', async () => {
    const events = sampleAuditEvents(t0);
    await writer.write(
      AUDIT_TABLE,
      events.map((e) => toAuditRow('tenant-a', e, meta())),
    );
    const page = await listAuditEvents(client, { tenantId: 'tenant-a', limit: 100 });
    expect(page.items.map(strip)).toEqual([...events].reverse());
    expect(page.items.every((e) => e.keyId === 'key-1')).toBe(true);
  });

  it('round-trips the seed change audits and filters by facility, origin and dates', async () => {
    const extra = {
      ...SEED_CHANGE_AUDITS[0]!,
      facility: 'Data permissions' as const,
      origin: 'TCMC' as const,
      actionDate: Date.parse('2022-12-05T08:00:00Z'),
    };
    await writer.write(
      CHANGE_AUDIT_TABLE,
      [...SEED_CHANGE_AUDITS, extra].map((c) => toChangeAuditRow('tenant-a', c, meta())),
    );
    const all = await listChangeAudits(client, { tenantId: 'tenant-a' });
    expect(all.items.map(strip)).toEqual(expect.arrayContaining([...SEED_CHANGE_AUDITS, extra]));
    const kpichat = await listChangeAudits(client, { tenantId: 'tenant-a', facility: 'Channels', origin: 'KPICHAT' });
    expect(kpichat.items.map((c) => c.field).sort()).toEqual(['Name', 'Notifications Enabled']);
    const december = await listChangeAudits(client, {
      tenantId: 'tenant-a',
      from: Date.parse('2022-12-01T00:00:00Z'),
      to: Date.parse('2022-12-31T23:59:59Z'),
    });
    expect(december.items.map(strip)).toEqual([extra]);
  });

  it('round-trips call logs and filters by status, method, code and bot', async () => {
    const logs = [
      sampleCallLog(t0),
      sampleCallLog(t0 + 1, { statusCode: 500, bot: 'Sales bot' }),
      sampleCallLog(t0 + 2, { statusCode: 0, method: 'GET', response: '' }),
      sampleCallLog(t0 + 3, { statusCode: 401, method: 'C2E' }),
    ];
    await writer.write(
      CALL_LOG_TABLE,
      logs.map((c) => toCallLogRow('tenant-a', c, meta())),
    );
    const all = await listCallLogs(client, { tenantId: 'tenant-a' });
    expect(all.items.map(({ status: _s, ...c }) => strip(c))).toEqual([...logs].reverse());
    expect(all.items.map((c) => c.status)).toEqual(['error', 'error', 'error', 'success']);
    const errors = await listCallLogs(client, { tenantId: 'tenant-a', status: 'error', bot: 'Support bot' });
    expect(errors.items.map((c) => c.statusCode)).toEqual([401, 0]);
    expect((await listCallLogs(client, { tenantId: 'tenant-a', method: 'C2E' })).items).toHaveLength(1);
    expect((await listCallLogs(client, { tenantId: 'tenant-a', statusCode: 500 })).items[0]!.bot).toBe('Sales bot');
  });

  it('pages newest first with a cursor, returning each row exactly once', async () => {
    const same = t0 + 10_000; // equal times make the id the tie-breaker
    const logs = Array.from({ length: 25 }, (_, i) =>
      sampleCallLog(i < 10 ? same : t0 + 20_000 + i, { bot: 'paging-bot' }),
    );
    await writer.write(
      CALL_LOG_TABLE,
      logs.map((c) => toCallLogRow('tenant-p', c, meta())),
    );
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listCallLogs(client, { tenantId: 'tenant-p', limit: 7, cursor });
      seen.push(...page.items.map((c) => c.id));
      cursor = page.next ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
  });

  it('keeps call logs for their retention: older ones are hidden at once and dropped by TTL', async () => {
    const day = 86_400_000;
    const logs = [
      sampleCallLog(Date.now() - 40 * day, { bot: 'old-bot' }),
      sampleCallLog(Date.now() - 10 * day, { bot: 'recent-bot' }),
    ];
    await writer.write(
      CALL_LOG_TABLE,
      logs.map((c) => toCallLogRow('tenant-ttl', c, meta())),
    );
    expect((await listCallLogs(client, { tenantId: 'tenant-ttl' })).items.map((c) => c.bot)).toEqual(['recent-bot']);
    await client.command({ query: 'OPTIMIZE TABLE call_logs FINAL' });
    const stored = await client.query({
      query: "SELECT bot FROM call_logs WHERE tenant_id = 'tenant-ttl'",
      format: 'JSONEachRow',
    });
    expect(await stored.json()).toEqual([{ bot: 'recent-bot' }]);
  });

  it("never returns another tenant's rows", async () => {
    expect((await listCallLogs(client, { tenantId: 'tenant-nobody' })).items).toEqual([]);
    expect((await listAuditEvents(client, { tenantId: 'tenant-b' })).items).toEqual([]);
  });
});

describe('migrations', () => {
  it('run twice without change', async () => {
    const before = await client.query({
      query: 'SELECT name, create_table_query FROM system.tables WHERE database = currentDatabase() ORDER BY name',
      format: 'JSONEachRow',
    });
    const tables = await before.json();
    expect(await migrate(client)).toEqual([]);
    const after = await client.query({
      query: 'SELECT name, create_table_query FROM system.tables WHERE database = currentDatabase() ORDER BY name',
      format: 'JSONEachRow',
    });
    expect(await after.json()).toEqual(tables);
    expect(tables.map((t) => (t as { name: string }).name)).toEqual(
      expect.arrayContaining([
        'audit_events',
        'call_logs',
        'change_audits',
        'cobrowse_events',
        'ingest_batches',
        'loupe_migrations',
        'replay_chunks',
        'sessions',
        'sessions_mv',
      ]),
    );
    const versions = await client.query({
      query: 'SELECT count() AS n FROM loupe_migrations FINAL',
      format: 'JSONEachRow',
    });
    expect(await versions.json()).toEqual([{ n: MIGRATIONS.length }]);
  });
});
