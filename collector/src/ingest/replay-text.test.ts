import { describe, expect, it } from 'vitest';
import { scanReplay } from './replay-text.ts';

const replayOf = (text: string) => {
  const s = scanReplay(text, 64);
  return s.kind === 'text' ? JSON.parse(s.replayJson) : s.kind;
};

describe('scanReplay: the top-level replay array as received', () => {
  it('finds exactly the top-level array, whatever strings, nesting, spacing and key order around it', () => {
    const replay = [
      { type: 2, timestamp: 1, data: { node: { attributes: { replay: '[not it]', 'x"}]': 'a\\"]}' } } } },
      { type: 3, timestamp: 2, data: { texts: ['"replay":[1]', '\\', '{{[['], replay: [9, [8]] } },
    ];
    const bodies = [
      JSON.stringify({ v: 1, replay, events: [{ replay: [] }] }),
      JSON.stringify({ events: [[], { a: ']' }], sessionId: 'replay', replay }),
      JSON.stringify({ events: [], replay }, null, 2),
      `{ "note" : "replay" , "replay"\n :\t${JSON.stringify(replay, null, 1)} }`,
    ];
    for (const b of bodies) expect(replayOf(b)).toEqual(JSON.parse(b).replay);
  });

  it('counts depth as the body reader does, and leaves odd bodies to the full walk', () => {
    const nest = (n: number) => '['.repeat(n) + ']'.repeat(n);
    // The object is level 1, the replay array 2: 62 more levels fit in 64, 63 do not.
    expect(scanReplay(`{"replay":[${nest(62)}]}`, 64).kind).toBe('text');
    expect(scanReplay(`{"replay":[${nest(63)}]}`, 64).kind).toBe('too deep');
    expect(scanReplay(`{"events":[${nest(63)}],"replay":[]}`, 64).kind).toBe('too deep');
    // JSON.parse keeps the last of a repeated key; the walk decides those.
    expect(scanReplay('{"replay":[1],"replay":[2]}', 64).kind).toBe('walk');
    expect(scanReplay('{"replay":{"0":1}}', 64).kind).toBe('walk');
    expect(scanReplay('{"events":[]}', 64).kind).toBe('walk');
    // Any surrogate escape goes to the walk, which names a lone one's path.
    expect(scanReplay('{"replay":[{"data":"\\ud800"}]}', 64).kind).toBe('walk');
  });
});
