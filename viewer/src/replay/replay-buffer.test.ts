import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../api/api-client.ts';
import type { RrwebEvent } from '../api/wire-types.ts';
import { FULL_SNAPSHOT, META, ReplayBuffer } from './replay-buffer.ts';

/**
 * The replay route's contract, over chunks held in memory: every chunk overlapping [from, to]
 * comes back whole, oldest first. That a chunk across a window's edge comes twice is the point.
 */
function replayRoute(chunks: RrwebEvent[][]): { api: ApiClient; windows: [number, number][] } {
  const windows: [number, number][] = [];
  const api: ApiClient = {
    async get<T>(_path: string, query: Record<string, unknown> = {}) {
      const from = Date.parse(String(query.from));
      const to = Date.parse(String(query.to));
      windows.push([from, to]);
      const overlapping = chunks.filter((c) => c[0]!.timestamp <= to && c[c.length - 1]!.timestamp >= from);
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
  it('starts from the last full snapshot before the moment, fetching windows rather than the session', async () => {
    const { api, windows } = replayRoute(session());
    const b = new ReplayBuffer(api, 's', S, S + 599_000, new AbortController().signal);
    await b.loadAround(S + 250_000);
    const i = b.startIndexFor(S + 250_000)!;
    expect(b.events[i]).toMatchObject({ type: META, timestamp: S + 240_000 });
    expect(b.events[i + 1]).toMatchObject({ type: FULL_SNAPSHOT, timestamp: S + 240_001 });
    expect(Math.min(...windows.map(([from]) => from))).toBeGreaterThanOrEqual(S + 200_000);
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
});
