import { describe, expect, it } from 'vitest';
import { sampleBatch } from './fixtures.ts';
import { recorderBatchSchema } from './recorder-batch.ts';

const now = Date.UTC(2026, 10, 23, 12);
const schema = recorderBatchSchema(() => now);
const pathsOf = (input: unknown) => {
  const r = schema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
};

describe('recorder batch', () => {
  it('accepts a batch with every co-browse type and rrweb events', () => {
    const r = schema.safeParse(sampleBatch('sess-0001', 0, now - 1000));
    expect(r.success, JSON.stringify(r.error?.issues)).toBe(true);
  });

  it('refuses a format version it does not know', () => {
    expect(pathsOf({ ...sampleBatch('sess-0001', 0, now), v: 2 })).toEqual(['v']);
  });

  it('names the event whose data does not fit its type', () => {
    const batch = sampleBatch('sess-0001', 0, now);
    (batch.events[1]!.data as Record<string, unknown>).x = 'left';
    expect(pathsOf(batch)).toEqual(['events.1.data.x']);
  });

  it('refuses an unknown co-browse type', () => {
    const batch = sampleBatch('sess-0001', 0, now);
    (batch.events[0] as { type: string }).type = 'HOVER';
    expect(pathsOf(batch)).toEqual(['events.0.type']);
  });

  it('refuses event times more than a day from arrival', () => {
    const batch = sampleBatch('sess-0001', 0, now);
    batch.events[2]!.ts = now - 2 * 86_400_000;
    batch.replay[1]!.timestamp = now + 2 * 86_400_000;
    expect(pathsOf(batch)).toEqual(['events.2.ts', 'replay.1.timestamp']);
  });

  it('refuses times in seconds instead of milliseconds', () => {
    const batch = sampleBatch('sess-0001', 0, now);
    batch.events[0]!.ts = Math.floor(now / 1000);
    expect(pathsOf(batch)).toContain('events.0.ts');
  });

  it('refuses session ids that are not short and URL-safe', () => {
    expect(pathsOf({ ...sampleBatch('sess-0001', 0, now), sessionId: 'abcd efgh' })).toEqual(['sessionId']);
    expect(pathsOf({ ...sampleBatch('sess-0001', 0, now), sessionId: 'x'.repeat(65) })).toEqual(['sessionId']);
  });

  it('caps the number of events in one batch', () => {
    const batch = sampleBatch('sess-0001', 0, now);
    batch.events = Array.from({ length: 5_001 }, () => batch.events[0]!);
    expect(pathsOf(batch)).toEqual(['events']);
  });

  it('refuses fields it does not know, so a typo is not silently dropped', () => {
    expect(pathsOf({ ...sampleBatch('sess-0001', 0, now), sesionId: 'x' })).toEqual(['']);
  });
});
