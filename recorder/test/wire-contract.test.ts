import { recorderBatchSchema, RECORDER_FORMAT_VERSION } from '@loupe/schemas';
import { RRWEB_EVENT_TYPE, WIRE_FORMAT_VERSION, WIRE_LIMITS } from '@loupe/schemas/wire';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBatchBuffer } from '../src/transport/batch-buffer.ts';
import { encodeBatch } from '../src/transport/encode-batch.ts';
import { LOADER, RRWEB_CHUNK, ensureBundle } from './helpers/bundle.ts';

const now = Date.now();
const head = { v: WIRE_FORMAT_VERSION, sessionId: 'abcdefgh1234', seq: 0, isAgent: false, sentAt: now } as const;
const event = { type: RRWEB_EVENT_TYPE.Custom, timestamp: now, data: { tag: 't', payload: 1 } };

beforeAll(() => ensureBundle());

describe('the wire contract (@loupe/schemas/wire)', () => {
  it.each(['wire', 'packed-snapshot'])(
    '@loupe/schemas/%s imports nothing, so that it can ship to the page without zod',
    (m) => {
      const file = createRequire(import.meta.url).resolve(`@loupe/schemas/${m}`);
      expect(readFileSync(file, 'utf8')).not.toMatch(/^\s*(import|export \* from|export \{[^}]*\} from)/m);
    },
  );

  it('is what the collector validates with: a batch the recorder fills to its limit passes, one more event does not', () => {
    let full = 0;
    const buffer = createBatchBuffer(
      Number.MAX_SAFE_INTEGER,
      1_000,
      () => full++,
      () => {},
    );
    for (let i = 0; i < WIRE_LIMITS.replayPerBatch; i++) buffer.addReplay(event);
    expect(full).toBe(1); // the recorder sends it at the limit, never over it
    const body = JSON.parse(encodeBatch(head, buffer.take()!));
    const schema = recorderBatchSchema(() => now);
    expect(schema.safeParse(body).success).toBe(true);
    expect(schema.safeParse({ ...body, replay: [...body.replay, event] }).success).toBe(false);
    expect(schema.safeParse({ ...body, v: WIRE_FORMAT_VERSION + 1 }).success).toBe(false);
    expect(RECORDER_FORMAT_VERSION).toBe(WIRE_FORMAT_VERSION);
  });

  it('reaches the bundles as values, and zod does not', () => {
    for (const file of [LOADER, RRWEB_CHUNK]) {
      const code = readFileSync(file, 'utf8');
      for (const name of ['zod', 'ZodError', 'safeParse', 'superRefine']) expect(code, name).not.toContain(name);
    }
    // The loader limits batches with the contract's numbers (minified: 5e3 / 2e4 or the digits).
    expect(readFileSync(LOADER, 'utf8')).toMatch(/2e4|20000/);
  });
});
