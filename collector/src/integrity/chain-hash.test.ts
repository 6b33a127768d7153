import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linkHash } from './chain-hash.ts';

describe('chain link hashes', () => {
  it('are SHA-256 (or the keyed HMAC) of the previous hash, a newline and the content, for any text', () => {
    // Chains already stored were hashed through update() calls; every link must verify the same way.
    const text = fc.string({ unit: 'binary', maxLength: 200 });
    fc.assert(
      fc.property(text, text, fc.option(fc.string({ minLength: 1, maxLength: 40 })), (prev, content, key) => {
        const expected = (key ? createHmac('sha256', key) : createHash('sha256'))
          .update(prev)
          .update('\n')
          .update(content)
          .digest('hex');
        expect(linkHash(prev, content, key ?? undefined)).toBe(expected);
      }),
      { numRuns: 2_000 },
    );
  });
});
