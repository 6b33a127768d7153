import { describe, expect, it } from 'vitest';
import { sampleBatch } from './fixtures.ts';
import { LIMITS } from './limits.ts';
import { recorderBatchSchema } from './recorder-batch.ts';
import { REPLAY_PLUGIN } from './replay-plugin.ts';

const now = Date.UTC(2026, 10, 23, 12);
const schema = recorderBatchSchema(() => now);
const withPlugin = (data: unknown) => {
  const batch = sampleBatch('sess-0001', 0, now - 1000);
  batch.replay.push({ type: 6, timestamp: now - 500, data });
  return batch;
};
const pathsOf = (data: unknown) => {
  const r = schema.safeParse(withPlugin(data));
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
};
const consoleData = (payload: unknown) => ({ plugin: REPLAY_PLUGIN.console, payload });
const networkData = (payload: unknown) => ({ plugin: REPLAY_PLUGIN.network, payload });
const fetchEntry = {
  initiator: 'fetch',
  method: 'GET',
  url: 'https://shop.example/api/cart?id=&page=',
  status: 200,
  durationMs: 12,
};

describe('console and network entries in a replay', () => {
  it('accepts a console error and a timed fetch', () => {
    expect(
      pathsOf(consoleData({ level: 'error', payload: ['TypeError: x is undefined'], trace: ['at f (a.js:1:2)'] })),
    ).toEqual([]);
    expect(pathsOf(networkData(fetchEntry))).toEqual([]);
  });

  it('refuses a plugin it does not know, and fields beside the payload', () => {
    expect(pathsOf({ plugin: 'rrweb/sequential-id@1', payload: { id: 1 } })).toEqual(['replay.3.data.plugin']);
    expect(pathsOf({ ...consoleData({ level: 'log', payload: [], trace: [] }), extra: 1 })).toEqual(['replay.3.data']);
  });

  it('refuses an argument, a trace line or a count past the limits the recorder truncates to', () => {
    const long = 'x'.repeat(LIMITS.consoleEntry.argLength + 1);
    expect(pathsOf(consoleData({ level: 'warn', payload: [long], trace: [] }))).toEqual([
      'replay.3.data.payload.payload.0',
    ]);
    const manyLines = Array.from({ length: LIMITS.consoleEntry.traceLines + 1 }, () => 'at f');
    expect(pathsOf(consoleData({ level: 'error', payload: [], trace: manyLines }))).toEqual([
      'replay.3.data.payload.trace',
    ]);
    const line = 'y'.repeat(LIMITS.consoleEntry.traceLineLength + 1);
    expect(pathsOf(consoleData({ level: 'error', payload: [], trace: [line] }))).toEqual([
      'replay.3.data.payload.trace.0',
    ]);
    expect(pathsOf(consoleData({ level: 'debug', payload: [], trace: [] }))).toEqual(['replay.3.data.payload.level']);
  });

  it('refuses a network entry carrying query values, a fragment, credentials, headers or a body', () => {
    for (const url of [
      'https://shop.example/api?token=abc',
      'https://shop.example/api?a=&b=secret',
      'https://shop.example/api#access_token=x',
      'https://ada:pw@shop.example/api',
    ])
      expect(pathsOf(networkData({ ...fetchEntry, url })), url).toEqual(['replay.3.data.payload.url']);
    expect(pathsOf(networkData({ ...fetchEntry, requestBody: '{"card":"4111"}' }))).toEqual(['replay.3.data.payload']);
    expect(pathsOf(networkData({ ...fetchEntry, headers: { authorization: 'Bearer x' } }))).toEqual([
      'replay.3.data.payload',
    ]);
    expect(pathsOf(networkData({ ...fetchEntry, status: 1000 }))).toEqual(['replay.3.data.payload.status']);
  });
});
