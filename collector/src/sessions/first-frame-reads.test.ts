import type { ClickHouseClient } from '@clickhouse/client';
import {
  BATCH_TABLE,
  REPLAY_TABLE,
  toBatchRow,
  toReplayChunkRow,
  type RecorderBatch,
  type ReplayEvent,
} from '@loupe/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStorage } from '../testing/test-storage.ts';
import { listSessions, readReplayPayloads, readReplayWindow, replayPageJson } from './session-queries.ts';

/**
 * What the viewer asks before a replay's first frame (viewer/src/replay: the session's summary,
 * then the window from the last full snapshot to a minute on) must read what that minute holds,
 * not what the session holds: ClickHouse's own read_rows, which is what time to first frame
 * follows on a real server, independent of this machine's load.
 *
 * Chunks come every 50 ms so a session spans many granules (8,192 rows each): a read that walked
 * the whole session would read 6x more rows for the 60-minute session than for the 10-minute one.
 * Each session is in its own month, so its rows start a part of their own whatever merges do, and
 * the two sessions' granules line up alike.
 */
const TENANT = 'tenant-ff';
const CHUNK_MS = 50;
const SNAPSHOT_EVERY_MS = 5 * 60_000;
const MINUTE = 60_000;
const FIRST_WINDOW_MS = MINUTE;
const SHORT = { id: 'ff-10min', start: Date.UTC(2026, 0, 10, 9), minutes: 10 };
const LONG = { id: 'ff-60min', start: Date.UTC(2026, 2, 10, 9), minutes: 60 };

let client: ClickHouseClient;
let close: () => Promise<void>;

/** One recorder batch per chunk: a full snapshot (with its Meta) every five minutes, a mouse move otherwise. */
function batchesOf(s: typeof SHORT): RecorderBatch[] {
  const out: RecorderBatch[] = [];
  for (let seq = 0, t = s.start; t < s.start + s.minutes * MINUTE; seq++, t += CHUNK_MS) {
    const full = (t - s.start) % SNAPSHOT_EVERY_MS === 0;
    const replay: ReplayEvent[] = full
      ? [
          { type: 4, timestamp: t, data: { href: 'https://shop.example/', width: 1280, height: 720 } },
          {
            type: 2,
            timestamp: t,
            data: { node: { type: 0, childNodes: [], id: 1 }, initialOffset: { top: 0, left: 0 } },
          },
        ]
      : [{ type: 3, timestamp: t, data: { source: 1, positions: [{ x: seq % 800, y: 40, id: 5, timeOffset: 0 }] } }];
    out.push({
      v: 1,
      sessionId: s.id,
      seq,
      isAgent: false,
      user: { id: 'cust-1' },
      sentAt: t + 10,
      events: [],
      replay,
    });
  }
  return out;
}

/** Stores a session with the collector's own row mappings, each table in one insert. */
async function store(s: typeof SHORT): Promise<void> {
  const batches = batchesOf(s);
  await client.insert({
    table: REPLAY_TABLE,
    values: batches.map((b) => toReplayChunkRow(TENANT, b, b.replay)!),
    format: 'JSONEachRow',
  });
  await client.insert({
    table: BATCH_TABLE,
    values: batches.map((b) => toBatchRow(TENANT, b, b.sentAt)),
    format: 'JSONEachRow',
  });
}

/** Rows ClickHouse read for the viewer's first-frame questions about a session opened `at` ms in. */
async function firstFrameReads(s: typeof SHORT, at: number): Promise<{ summary: number; replay: number }> {
  const summary = await listSessions(client, { tenantId: TENANT, sessionId: s.id, limit: 1 });
  expect(summary.items[0]).toMatchObject({ sessionId: s.id, startedAt: s.start });
  const from = s.start + at;
  const replay = await readReplayWindow(client, {
    tenantId: TENANT,
    sessionId: s.id,
    from,
    to: from + FIRST_WINDOW_MS,
    fromSnapshot: true,
  });
  // The window is right (it starts at the snapshot before `from`), or rows read would prove nothing.
  const snapshotAt = s.start + Math.floor(at / SNAPSHOT_EVERY_MS) * SNAPSHOT_EVERY_MS;
  expect(replay.chunks[0]).toMatchObject({ firstTs: snapshotAt, hasFullSnapshot: true });
  expect(replay.chunks.at(-1)!.firstTs).toBeLessThanOrEqual(from + FIRST_WINDOW_MS);
  expect(replay.chunks).toHaveLength((from + FIRST_WINDOW_MS - snapshotAt) / CHUNK_MS + 1);
  return { summary: summary.stats.rowsRead, replay: replay.stats.rowsRead };
}

beforeAll(async () => {
  ({ client, close } = await openTestStorage());
  await store(SHORT);
  await store(LONG);
});
afterAll(async () => {
  await close();
});

describe("a replay's first frame reads rows independent of the session's length", () => {
  it('opened at the start, a 60-minute session reads no more than a 10-minute one (within 1.2x)', async () => {
    const short = await firstFrameReads(SHORT, 0);
    const long = await firstFrameReads(LONG, 0);
    expect(long.summary).toBeLessThanOrEqual(Math.max(1, 1.2 * short.summary));
    expect(long.replay).toBeLessThanOrEqual(1.2 * short.replay);
    // And both are far below the long session's own rows: granules near the window, not the session.
    expect(long.replay).toBeLessThan((LONG.minutes * MINUTE) / CHUNK_MS / 2);
  });

  it('opened near its end (a ?t= link), a long session reads what opening its start reads, not the chunks before', async () => {
    // 57 minutes in: the snapshot before is at 55 minutes, 66,000 chunks after the session's start.
    const atEnd = await firstFrameReads(LONG, 57 * MINUTE);
    const atStart = await firstFrameReads(LONG, 0);
    expect(atEnd.replay).toBeLessThanOrEqual(1.2 * atStart.replay);
  });

  it('with no full snapshot at or before the moment, the window still starts at the first chunk', async () => {
    // DOM recording that began late: the snapshot lookup finds nothing, which must not mean "no rows".
    const late = { id: 'ff-late', start: Date.UTC(2026, 4, 10, 9), minutes: 1 };
    const batches = batchesOf(late).slice(1);
    await client.insert({
      table: REPLAY_TABLE,
      values: batches.map((b) => toReplayChunkRow(TENANT, b, b.replay)!),
      format: 'JSONEachRow',
    });
    const { chunks } = await readReplayWindow(client, {
      tenantId: TENANT,
      sessionId: late.id,
      from: late.start + 10_000,
      to: late.start + 20_000,
      fromSnapshot: true,
    });
    expect(chunks[0]!.seq).toBe(1);
    expect(chunks.at(-1)!.firstTs).toBe(late.start + 20_000);
  });

  it('answers the stored events as they are: the same events, in the same order, as parsing them would', async () => {
    const w = { tenantId: TENANT, sessionId: LONG.id, from: LONG.start + 4 * MINUTE, to: LONG.start + 6 * MINUTE };
    const parsed = (await readReplayWindow(client, { ...w, fromSnapshot: true })).chunks.flatMap((c) => c.events);
    const page = JSON.parse(replayPageJson((await readReplayPayloads(client, { ...w, fromSnapshot: true })).payloads));
    expect(parsed.length).toBeGreaterThan(1000);
    expect(page).toEqual({ items: parsed, next: null });
    expect(JSON.parse(replayPageJson([]))).toEqual({ items: [], next: null });
  });
});
