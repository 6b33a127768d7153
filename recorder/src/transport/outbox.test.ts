import { describe, expect, it } from 'vitest';
import { MemoryKv } from '../testing/memory-kv.ts';
import { MemoryStorage } from '../testing/memory-storage.ts';
import { createOutbox, type Entry, type OutboxDeps } from './outbox.ts';

const NOW = 1_750_000_000_000;
const entry = (seq: number, size = 100, sessionId = 'session-a', at = NOW): Entry => ({
  sessionId,
  seq,
  at,
  body: 'x'.repeat(size),
});
const zipped = (e: Entry, gz = 'z') => Object.assign(e, { gz: new Blob([gz]), zipped: Promise.resolve() });
const settle = () => new Promise((r) => setTimeout(r, 0));
const outbox = (o: Partial<OutboxDeps> = {}) =>
  createOutbox({ storage: undefined, db: undefined, prefix: 'p:', hardMaxBytes: 10_000, onDrop: () => {}, ...o });

describe('the outbox', () => {
  it('drops the oldest batches only past its hard bound, and says how many', () => {
    const drops: number[] = [];
    const box = outbox({ hardMaxBytes: 350, onDrop: (n) => drops.push(n) });
    for (let seq = 0; seq < 6; seq++) box.add(entry(seq));
    expect(box.entries().map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(box.bytes).toBe(300);
    expect(drops).toEqual([1, 1, 1]);
  });

  it('counts a batch as the bytes that will be sent: its gzip once made', () => {
    const box = outbox();
    const e = entry(0, 1_000);
    box.add(e);
    expect(box.bytes).toBe(1_000);
    zipped(e, 'y'.repeat(90));
    expect(box.bytes).toBe(90);
  });

  it('keeps the newest batch even when it alone is over the bound, and never drops one in flight', () => {
    const box = outbox({ hardMaxBytes: 150 });
    box.add(entry(0));
    box.entries()[0]!.flight = 'fetch';
    box.add(entry(1, 500));
    expect(box.entries().map((e) => e.seq)).toEqual([0, 1]);
  });

  it('writes every batch to IndexedDB once gzipped, frees its JSON then, and forgets it once acknowledged', async () => {
    const db = new MemoryKv();
    const box = outbox({ db });
    const e = zipped(entry(0));
    box.add(e);
    await settle();
    expect([...db.map.keys()]).toEqual(['p:b:session-a:0']);
    expect(e.body).toBe('');
    box.remove(e);
    expect(db.map.size).toBe(0);
  });

  it('does not leave a copy behind for a batch acknowledged while it was being written', async () => {
    const db = new MemoryKv();
    const box = outbox({ db });
    const e = zipped(entry(0));
    box.add(e);
    box.remove(e);
    await settle();
    expect(db.map.size).toBe(0);
  });

  it("restores its own session's batches and orphans from both stores, oldest first, before the new page's, as stored", async () => {
    const storage = new MemoryStorage();
    const db = new MemoryKv();
    const writer = outbox({ storage, db });
    [
      entry(0, 100, 'session-a', NOW - 3),
      zipped(entry(1, 100, 'session-a', NOW - 2)),
      entry(0, 100, 'session-live'),
      entry(4, 100, 'session-gone', NOW - 1),
    ].forEach((e) => writer.add(e));
    await settle();
    writer.persist();
    expect([storage.length, db.map.size]).toEqual([3, 1]);

    const reader = outbox({ storage, db });
    reader.add(entry(2, 100, 'session-a', NOW + 500)); // this page's first batch, made while restoring
    await reader.restore((sid) => sid !== 'session-live', 'session-a');
    expect(reader.entries().map((e) => `${e.sessionId}:${e.seq}`)).toEqual([
      'session-a:0',
      'session-a:1',
      'session-gone:4',
      'session-a:2',
    ]);
    expect(reader.entries()[1]!.gz).toBeInstanceOf(Blob);
    reader.remove(reader.entries()[0]!);
    reader.remove(reader.entries()[0]!);
    expect([storage.length, db.map.size]).toEqual([2, 0]);
  });

  it('copies to localStorage, when the page goes away, what is not in IndexedDB yet, and takes both back once', async () => {
    const storage = new MemoryStorage();
    const db = new MemoryKv();
    const box = outbox({ storage, db });
    box.add(zipped(entry(0)));
    await settle();
    box.add(entry(1)); // made on pagehide: no gzip yet, so no IndexedDB copy
    box.persist();
    expect([storage.length, db.map.size]).toEqual([1, 1]);
    const next = outbox({ storage, db });
    await next.restore(() => true, 'session-a');
    expect(next.entries().map((e) => [e.seq, e.body.length, !!e.gz])).toEqual([
      [0, 0, true],
      [1, 100, false],
    ]);
    next
      .entries()
      .slice()
      .forEach((e) => next.remove(e));
    expect([storage.length, db.map.size]).toEqual([0, 0]);
  });
});
