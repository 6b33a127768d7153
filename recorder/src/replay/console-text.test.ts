import { CONSOLE_LIMITS } from '@loupe/schemas/wire';
import { describe, expect, it } from 'vitest';
import { maskChars } from '../privacy/privacy.ts';
import { consoleArgs, maskPersonal, stackLines, truncate } from './console-text.ts';

/** A high surrogate not followed by a low one, or a low one not after a high one. */
const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('console text', () => {
  it('masks e-mail addresses and card numbers, keeping the text around them', () => {
    expect(maskPersonal('order failed for ada.lovelace@example.com, card 4111 1111 1111 1111 declined')).toBe(
      'order failed for ***.********@*******.***, card **** **** **** **** declined',
    );
    expect(maskPersonal('card=4111-1111-1111-1111;')).toBe('card=****-****-****-****;');
    // Short numbers (ids, prices, times) are left alone.
    expect(maskPersonal('order 12345 cost 19.99 at 12:30')).toBe('order 12345 cost 19.99 at 12:30');
  });

  it('describes objects within bounds and never throws on a cycle', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const [plain, cycle, error, fn, nothing] = consoleArgs(
      [{ user: 'ada@example.com', n: 2 }, cyclic, new TypeError('x is undefined'), function save() {}, undefined],
      maskPersonal,
    );
    expect(plain).toBe('{"user":"***@*******.***","n":2}');
    expect(cycle).toBe('[object Object]');
    expect(error).toBe('TypeError: x is undefined');
    expect(fn).toBe('ƒ save');
    expect(nothing).toBe('undefined');
    const huge = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i]));
    expect(consoleArgs([huge], String)[0]!.length).toBeLessThan(500);
  });

  it('keeps at most the limits of arguments and characters, saying how many were left out', () => {
    const args = consoleArgs(
      Array.from({ length: CONSOLE_LIMITS.args + 5 }, () => 'y'.repeat(CONSOLE_LIMITS.argLength * 2)),
      String,
    );
    expect(args).toHaveLength(CONSOLE_LIMITS.args + 1);
    expect(args[0]).toHaveLength(CONSOLE_LIMITS.argLength);
    expect(args[0]!.endsWith('…')).toBe(true);
    expect(args.at(-1)).toBe('…5 more');
  });

  it('never cuts a surrogate pair in half or keeps a lone one', () => {
    const cut = truncate(`${'a'.repeat(8)}😀😀`, 10);
    expect(cut).toBe('aaaaaaaa…');
    expect(cut).not.toMatch(LONE);
    expect(truncate('lone \uD800 here', 100)).not.toMatch(LONE);
    expect(truncate('pair 😀 kept', 100)).toBe('pair 😀 kept');
  });

  it('keeps the frames of a stack, bounded and masked, without its message line', () => {
    const e = new Error('failed for ada@example.com');
    e.stack = [
      'Error: failed for ada@example.com',
      ...Array.from({ length: 30 }, (_, i) => `    at f${i} (https://shop.example/app.js?u=ada@example.com:${i}:2)`),
    ].join('\n');
    const lines = stackLines(e, maskPersonal);
    expect(lines).toHaveLength(CONSOLE_LIMITS.traceLines);
    expect(lines[0]).toBe('at f0 (https://shop.example/app.js?u=***@*******.***:0:2)');
    expect(stackLines('not an error', String)).toEqual([]);
    // With maskText every character of page text is masked, the console's too.
    expect(consoleArgs(['Ada'], maskChars)).toEqual(['***']);
    expect(stackLines({ stack: `x\n at g (a.js:1:1)${'z'.repeat(1_000)}` }, String)[0]).toHaveLength(
      CONSOLE_LIMITS.traceLineLength,
    );
  });
});
