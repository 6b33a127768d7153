import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../api/api-client.ts';
import type { RrwebEvent } from '@loupe/schemas';
import { FULL_SNAPSHOT, META, ReplayBuffer } from './replay-buffer.ts';

/**
 * The replay route's contract, over chunks held in memory: every chunk overlapping [from, to]
 * comes back whole, oldest first. That a chunk across a window's edge comes twice is the point.
 * With `snapshot`, it starts instead at the last chunk holding a full snapshot that began at or
 * before `from` (the session's first chunk when there is none), as the collector does.
 */
function replayRoute(chunks: RrwebEvent[][]): { api: ApiClient; windows: [number, number, boolean][] } {
  const windows: [number, number, boolean][] = [];
  const first = (c: RrwebEvent[]) => c[0]!.timestamp;
  const api: ApiClient = {
    async get<T>(_path: string, query: Record<string, unknown> = {}) {
      const from = Date.parse(String(query.from));
      const to = Date.parse(String(query.to));
      const snapshot = query.snapshot === true;
      windows.push([from, to, snapshot]);
      if (snapshot) {
        const snaps = chunks.filter((c) => first(c) <= from && c.some((e) => e.type === FULL_SNAPSHOT));
        const since = snaps.length ? first(snaps[snaps.length - 1]!) : -Infinity;
        return { items: chunks.filter((c) => first(c) >= since && first(c) <= to).flat(), next: null } as T;
      }
      const overlapping = chunks.filter((c) => first(c) <= to && c[c.length - 1]!.timestamp >= from);
      return { items: overlapping.flat(), next: null } as T;
    },
    send: () => Promise.reject(new Error('not used')),
  };
  return { api, windows };
}

const S = Date.UTC(2030, 0, 1);
const ev = (type: number, t: number): RrwebEvent => ({ type, timestamp: S + t, data: { t } });
/** Ten minutes in chunks of 20 s, one event a second, a Meta and full snapshot every two minutes. */
function session(): RrwebEvent[][] {
  const chunks: RrwebEvent[][] = [];
  for (let c = 0; c < 30; c++) {
    const chunk: RrwebEvent[] = [];
    for (let s = 0; s < 20; s++) {
      const t = (c * 20 + s) * 1000;
      if (t % 120_000 === 0) chunk.push(ev(META, t), ev(FULL_SNAPSHOT, t + 1));
      else chunk.push(ev(3, t));
    }
    chunks.push(chunk);
  }
  return chunks;
}

describe('ReplayBuffer', () => {
  it('starts from the last full snapshot before the moment in one request, not the whole session', async () => {
    const { api, windows } = replayRoute(session());
    const b = new ReplayBuffer(api, 's', S, S + 599_000, new AbortController().signal);
    await b.loadAround(S + 250_000);
    const i = b.startIndexFor(S + 250_000)!;
    expect(b.events[i]).toMatchObject({ type: META, timestamp: S + 240_000 });
    expect(b.events[i + 1]).toMatchObject({ type: FULL_SNAPSHOT, timestamp: S + 240_001 });
    expect(windows).toEqual([[S + 250_000, S + 310_000, true]]);
    expect(b.lo).toBe(S + 240_000);
  });

  it('goes back to the snapshot before when the one in the moment’s chunk comes after the moment', async () => {
    // A checkout half way through the second chunk, at 65 s: a replay at 62 s needs the one at 0 s.
    const { api, windows } = replayRoute([
      [ev(META, 0), ev(FULL_SNAPSHOT, 1), ev(3, 30_000)],
      [ev(3, 60_000), ev(META, 65_000), ev(FULL_SNAPSHOT, 65_001), ev(3, 70_000)],
    ]);
    const b = new ReplayBuffer(api, 's', S, S + 70_000, new AbortController().signal);
    await b.loadAround(S + 62_000);
    expect(b.events[b.startIndexFor(S + 62_000)!]).toMatchObject({ type: META, timestamp: S });
    expect(windows.map(([from, , snap]) => [from, snap])).toEqual([
      [S + 62_000, true],
      [S + 59_999, true],
    ]);
    expect(b.events.map((e) => e.timestamp - S)).toEqual([0, 1, 30_000, 60_000, 65_000, 65_001, 70_000]);
  });

  it('seeks back to the session’s start with one more request', async () => {
    const { api, windows } = replayRoute(session());
    const b = new ReplayBuffer(api, 's', S, S + 599_000, new AbortController().signal);
    await b.loadAround(S + 450_000);
    await b.ensureSnapshotBefore(S + 10_000);
    expect(windows.map(([from, to, snap]) => [from, to, snap])).toEqual([
      [S + 450_000, S + 510_000, true],
      [S + 10_000, S + 359_999, true],
    ]);
    expect(b.lo).toBe(S);
    expect(b.events[b.startIndexFor(S + 10_000)!]).toMatchObject({ type: META, timestamp: S });
    expect(b.events.map((e) => e.timestamp)).toEqual(
      session()
        .flat()
        .filter((e) => e.timestamp <= S + 510_000)
        .map((e) => e.timestamp),
    );
  });

  it('holds every event once, in order, however the windows cut the chunks', async () => {
    const all = session().flat();
    const { api } = replayRoute(session());
    const b = new ReplayBuffer(api, 's', S, S + 599_000, new AbortController().signal);
    const appended: number[] = [];
    b.onAppend((events) => appended.push(...events.map((e) => e.timestamp)));
    await b.loadAround(S + 333_333);
    await b.ensureSnapshotBefore(S + 5_000);
    await b.loadRest();
    await b.loadUntil(S + 10_000_000);
    expect(b.events.map((e) => e.timestamp)).toEqual(all.map((e) => e.timestamp));
    expect(b.loadedToEnd).toBe(true);
    // Only what came after the first window was appended: the replayer gets each event once.
    expect(new Set(appended).size).toBe(appended.length);
  });

  it('finds no start in a session recorded without its page', async () => {
    const { api } = replayRoute([[ev(3, 0), ev(3, 1_000)], [ev(3, 90_000)]]);
    const b = new ReplayBuffer(api, 's', S, S + 90_000, new AbortController().signal);
    await b.loadAround(S);
    expect(await b.findStart(S)).toBeNull();
    expect(b.loadedToEnd).toBe(true);
  });

  it('starts afresh at the snapshot before a far moment instead of loading everything between', async () => {
    const { api, windows } = replayRoute(session());
    const b = new ReplayBuffer(api, 's', S, S + 599_000, new AbortController().signal);
    await b.loadAround(S);
    const epoch = b.epoch;
    await b.restartAt(S + 500_000);
    expect(b.epoch).toBe(epoch + 1);
    expect(windows.slice(1)).toEqual([[S + 500_000, S + 560_000, true]]);
    expect(b.lo).toBe(S + 480_000);
    expect(b.events[0]).toMatchObject({ type: META, timestamp: S + 480_000 });
    expect(b.events[b.startIndexFor(S + 500_000)!]).toMatchObject({ type: META, timestamp: S + 480_000 });
  });
});
