import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../testing/memory-storage.ts';
import { createOutbox, type Entry } from './outbox.ts';

const NOW = 1_750_000_000_000;
const entry = (seq: number, size = 100, sessionId = 'session-a'): Entry => ({ sessionId, seq, at: NOW, body: 'x'.repeat(size) });

describe('the outbox', () => {
  it('drops the oldest batches past its bound and says how many', () => {
    const drops: number[] = [];
    const box = createOutbox(undefined, 'p:', 350, () => NOW, (n) => drops.push(n));
    for (let seq = 0; seq < 6; seq++) box.add(entry(seq));
    expect(box.entries().map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(box.bytes).toBe(300);
    expect(drops).toEqual([1, 1, 1]);
  });

  it('keeps the newest batch even when it alone is over the bound, and never drops one in flight', () => {
    const box = createOutbox(undefined, 'p:', 150, () => NOW, () => {});
    box.add(entry(0));
    box.entries()[0]!.flight = 'fetch';
    box.add(entry(1, 500));
    expect(box.entries().map((e) => e.seq)).toEqual([0, 1]);
  });

  it('stores batches and takes back its own session and orphans, not those of live tabs', () => {
    const storage = new MemoryStorage();
    const writer = createOutbox(storage, 'p:', 10_000, () => NOW, () => {});
    [entry(0), entry(1), entry(0, 100, 'session-live'), entry(4, 100, 'session-gone')].forEach((e) => writer.add(e));
    writer.persist();
    expect(storage.length).toBe(4);

    const reader = createOutbox(storage, 'p:', 10_000, () => NOW + 1_000, () => {});
    reader.restore((sid) => sid !== 'session-live', 'session-a');
    expect(reader.entries().map((e) => `${e.sessionId}:${e.seq}`).sort()).toEqual(['session-a:0', 'session-a:1', 'session-gone:4']);
    reader.remove(reader.entries()[0]!);
    expect(storage.length).toBe(3);
  });

  it('deletes stored batches the collector would refuse as too old', () => {
    const storage = new MemoryStorage();
    const box = createOutbox(storage, 'p:', 10_000, () => NOW, () => {});
    box.add(entry(0));
    box.persist();
    const later = createOutbox(storage, 'p:', 10_000, () => NOW + 24 * 3_600_000, () => {});
    later.restore(() => true, 'session-a');
    expect(later.entries()).toEqual([]);
    expect(storage.length).toBe(0);
  });

  it('keeps a batch in memory when storage is full', () => {
    const box = createOutbox(new MemoryStorage(150), 'p:', 10_000, () => NOW, () => {});
    box.add(entry(0));
    box.add(entry(1));
    box.persist();
    expect(box.entries().map((e) => e.stored)).toEqual([true, false]);
  });
});
