import { describe, expect, it } from 'vitest';
import { rowId } from './row-id.ts';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('row ids', () => {
  it('are version-7 UUIDs carrying the millisecond they were made in', () => {
    const now = Date.UTC(2026, 11, 1, 12, 0, 0, 123);
    const id = rowId(now);
    expect(id).toMatch(V7);
    expect(Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16)).toBeGreaterThanOrEqual(now);
  });

  it('stay unique and in order when many are made in one millisecond, even past the counter', () => {
    const now = Date.UTC(2030, 0, 1);
    const ids = Array.from({ length: 300_000 }, () => rowId(now));
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 1; i < ids.length; i++) if (!(ids[i - 1]! < ids[i]!)) throw new Error(`out of order at ${i}`);
    for (const id of ids.slice(-5)) expect(id).toMatch(V7);
  });

  it('never go backwards when the clock does', () => {
    const a = rowId(Date.UTC(2031, 0, 1, 0, 0, 1));
    const b = rowId(Date.UTC(2031, 0, 1, 0, 0, 0));
    expect(a < b).toBe(true);
  });
});
