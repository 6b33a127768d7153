import { describe, expect, it } from 'vitest';
import { callLogSchema } from './call-log.ts';
import { recorderBatchSchema } from './recorder-batch.ts';
import { illFormedPath } from './well-formed.ts';

const now = Date.UTC(2026, 0, 1);
const batch = (over: object) => ({
  v: 1,
  sessionId: 'session-123',
  seq: 0,
  isAgent: false,
  sentAt: now,
  events: [],
  replay: [],
  ...over,
});

describe('lone surrogates', () => {
  it('finds the first lone half in nested JSON, keys included, and passes whole pairs', () => {
    expect(illFormedPath({ a: ['ok', { b: 'x\ud800' }] })).toEqual(['a', 1, 'b']);
    expect(illFormedPath({ 'k\udc00': 1 })).toEqual(['k\udc00']);
    expect(illFormedPath({ a: 'emoji \ud83d\ude00' })).toBeUndefined();
  });

  it('refuses a recorder batch holding one in an event or deep in rrweb data, naming the field', () => {
    const s = recorderBatchSchema(() => now);
    const inEvent = s.safeParse(
      batch({ events: [{ type: 'INPUT', ts: now, data: { target: 'q', value: 'a\ud800' } }] }),
    );
    expect(inEvent.success).toBe(false);
    expect(inEvent.error!.issues[0]!.path).toEqual(['events', 0, 'data', 'value']);
    const inReplay = s.safeParse(
      batch({ replay: [{ type: 3, timestamp: now, data: { adds: [{ node: { textContent: '\udbff' } }] } }] }),
    );
    expect(inReplay.error!.issues[0]!.path).toEqual(['replay', 0, 'data', 'adds', 0, 'node', 'textContent']);
  });

  it('refuses a call log whose response holds one', () => {
    const log = {
      ts: now,
      application: 'a',
      bot: 'b',
      source: 's',
      user: 'u',
      method: 'GET',
      url: 'https://x.example/',
      statusCode: 200,
      durationMs: 1,
      request: 'curl',
      response: '\ud800',
    };
    expect(callLogSchema(() => now).safeParse(log).error!.issues[0]!.path).toEqual(['response']);
  });
});
