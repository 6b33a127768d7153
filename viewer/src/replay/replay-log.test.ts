import type { RrwebEvent } from '@loupe/schemas';
import { REPLAY_PLUGIN } from '@loupe/schemas/wire';
import { describe, expect, it } from 'vitest';
import { logEntries } from './replay-log.ts';

const consoleEvent = (timestamp: number, text: string): RrwebEvent => ({
  type: 6,
  timestamp,
  data: { plugin: REPLAY_PLUGIN.console, payload: { level: 'error', payload: [text], trace: [] } },
});

describe('replay log entries', () => {
  it('takes console and network plugin events, oldest first as given, and nothing else', () => {
    const events: RrwebEvent[] = [
      { type: 2, timestamp: 1, data: {} },
      consoleEvent(2, 'boom'),
      { type: 6, timestamp: 3, data: { plugin: 'rrweb/sequential-id@1', payload: { id: 1 } } },
      {
        type: 6,
        timestamp: 4,
        data: {
          plugin: REPLAY_PLUGIN.network,
          payload: { initiator: 'fetch', method: 'GET', url: 'https://a.example/x', status: 500, durationMs: 3 },
        },
      },
    ];
    expect(logEntries(events).map((e) => [e.kind, e.ts])).toEqual([
      ['console', 2],
      ['network', 4],
    ]);
  });

  it('names an entry the same way in every load, and keeps identical entries of one millisecond apart', () => {
    const first = logEntries([consoleEvent(5, 'same'), consoleEvent(5, 'same'), consoleEvent(6, 'other')]);
    const again = logEntries([consoleEvent(5, 'same'), consoleEvent(5, 'same')]);
    expect(new Set(first.map((e) => e.key)).size).toBe(3);
    expect(again.map((e) => e.key)).toEqual(first.slice(0, 2).map((e) => e.key));
  });
});
