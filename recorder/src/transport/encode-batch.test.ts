import { recorderBatchSchema } from '@loupe/schemas';
import { describe, expect, it } from 'vitest';
import { customEventData } from '../events/custom-event.ts';
import type { CobrowseEvent } from '../types.ts';
import { createBatchBuffer } from './batch-buffer.ts';
import { encodeBatch } from './encode-batch.ts';

const now = Date.now();

describe('a batch as the recorder encodes it', () => {
  it('is a batch the collector accepts, holding the events as they were when recorded', () => {
    const buffer = createBatchBuffer(
      1_000_000,
      1_000_000,
      () => {},
      () => {},
    );
    const click = {
      type: 'CLICK',
      ts: now,
      url: 'https://shop.example/',
      data: { target: 'buy', text: 'Buy', x: 10, y: 20 },
    } as const;
    const mutable = { type: 3, timestamp: now, data: { source: 1, positions: [{ x: 1, y: 2, id: 4, timeOffset: 0 }] } };
    buffer.addEvent(click);
    buffer.addReplay(mutable);
    mutable.data.source = 99; // a later change must not alter what was recorded
    for (const value of [null, true, 3.5, 'text', Number.NaN, { nested: [1] }]) {
      buffer.addEvent({ type: 'CUSTOM_EVENT', ts: now, data: customEventData('kind', value) } as CobrowseEvent);
    }
    const body = encodeBatch(
      { v: 1, sessionId: 'abcdefgh1234', seq: 7, isAgent: false, user: { id: 'u1' }, sentAt: now },
      buffer.take()!,
    );
    const parsed = recorderBatchSchema(() => now).safeParse(JSON.parse(body));
    expect(parsed.error?.issues).toBeUndefined();
    expect(parsed.data?.events[0]).toEqual(click);
    expect(parsed.data?.replay[0]?.data).toEqual({ source: 1, positions: [{ x: 1, y: 2, id: 4, timeOffset: 0 }] });
    expect(parsed.data?.events.slice(1).map((e) => (e.data as { value: unknown }).value)).toEqual([
      null,
      true,
      3.5,
      'text',
      null,
      '{"nested":[1]}',
    ]);
  });

  it('puts an event that would swell the batch past its size limit into the next one, and refuses one over the event limit', () => {
    const batches: (string[] | undefined)[] = [];
    const tooLarge: number[] = [];
    const buffer = createBatchBuffer(
      1_000,
      5_000,
      () => batches.push(buffer.take()?.replay),
      (n) => tooLarge.push(n),
    );
    buffer.addReplay({ type: 3, timestamp: now, data: { pad: 'x'.repeat(600) } });
    expect(batches).toHaveLength(0);
    buffer.addReplay({ type: 3, timestamp: now, data: { pad: 'y'.repeat(600) } });
    expect(batches.map((b) => b?.length)).toEqual([1]);
    buffer.addReplay({ type: 2, timestamp: now, data: { pad: 'x'.repeat(6_000) } });
    expect(tooLarge).toHaveLength(1);
    expect(buffer.take()?.replay[0]).toContain('yyy');
    expect(buffer.take()).toBeUndefined();
  });
});
