import { pack } from 'msgpackr';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inspectPost } from './snapshot-counter.ts';

const batch = {
  v: 1,
  sessionId: 'bench-session-1',
  seq: 0,
  replay: [{ type: 4 }, { type: 2 }, { type: 3 }],
  events: [
    {
      type: 'CUSTOM_EVENT',
      data: { eventType: 'loupe:error', value: 'an rrweb event of 6387210 characters was too large to send' },
    },
  ],
};

describe('inspectPost', () => {
  it("finds the full snapshot and the recorder's own messages in a gzipped JSON batch", () => {
    const seen = inspectPost('/v1/ingest', gzipSync(JSON.stringify(batch)));
    expect(seen.fullSnapshots).toBe(1);
    expect(seen.recorderMessages).toEqual(['loupe:error: an rrweb event of 6387210 characters was too large to send']);
  });

  it('reads msgpack batches and bare rrweb arrays too', () => {
    expect(inspectPost('/v1/ingest', pack(batch)).fullSnapshots).toBe(1);
    expect(inspectPost('/rrweb/events', Buffer.from(JSON.stringify([{ type: 2 }, { type: 2 }]))).fullSnapshots).toBe(2);
  });

  it("leaves peers' bodies and undecodable bodies alone", () => {
    expect(inspectPost('/s/', gzipSync(JSON.stringify(batch))).fullSnapshots).toBe(0);
    expect(inspectPost('/v1/ingest', Buffer.from('not a batch')).fullSnapshots).toBe(0);
  });
});
