import type { ClickHouseClient } from '@clickhouse/client';
import { RawJson, stringifyRow } from '@loupe/schemas';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStorage } from '../testing/test-storage.ts';

let client: ClickHouseClient;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ client, close } = await openTestStorage());
  await client.command({ query: 'CREATE TABLE raw_probe (id UInt32, text String) ENGINE = MergeTree ORDER BY id' });
});
afterAll(() => close());

async function roundTrip(texts: string[]): Promise<string[]> {
  await client.command({ query: 'TRUNCATE TABLE raw_probe' });
  await client.insert({
    table: 'raw_probe',
    values: texts.map((t, id) => ({ id, text: new RawJson(t) })),
    format: 'JSONEachRow',
  });
  const r = await client.query({ query: 'SELECT text FROM raw_probe ORDER BY id', format: 'JSONEachRow' });
  return ((await r.json()) as { text: string }[]).map((x) => x.text);
}

describe('JSON stored as it came (RawJson)', () => {
  it('keeps any JSON array exactly, byte for byte: quotes, brackets and backslashes in strings, unicode, nesting', async () => {
    // The texts an attacker would pick: a string closing the array early, escapes, deep arrays, emoji.
    const tricky = [
      '["]", "\\"]}", "\\\\", "\\\\\\"", "[{", "\\u005d"]',
      '[{"a":"}]"},[[[[[]]]]], "😀", "\\ud83d\\ude00", -0.0, 1e-7, 12345678901234567890]',
      '[ {"text" : "line\\nbreak\\ttab", "n" : null , "t" : true} ]',
    ];
    expect(await roundTrip(tricky)).toEqual(tricky);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.jsonValue(), { maxLength: 5 }), { minLength: 1, maxLength: 20 }),
        async (arrays) => {
          const texts = arrays.map((a) => JSON.stringify(a));
          expect(await roundTrip(texts)).toEqual(texts);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('is written as a string by anything that does not know of it, and raw only by the row encoder', () => {
    const row = { id: 1, text: new RawJson('[1,"a"]'), skipped: undefined };
    expect(JSON.parse(JSON.stringify(row))).toEqual({ id: 1, text: '[1,"a"]' });
    expect(stringifyRow(row)).toBe('{"id":1,"text":[1,"a"]}');
    expect(stringifyRow({ id: 2, text: 'plain' })).toBe('{"id":2,"text":"plain"}');
  });
});
