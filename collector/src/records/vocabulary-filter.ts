import { ALL_WORDS, spellingKey, type vocabulary } from '@loupe/schemas';
import { z } from 'zod';

const ALL = new Set(ALL_WORDS.map(spellingKey));

/**
 * A filter over one of seed 000's vocabularies: any spelling the records take, or "All
 * facilities" (and the like), which filters nothing. Parses to the canonical value or undefined.
 */
export function vocabularyFilter<V extends readonly [string, ...string[]]>(words: ReturnType<typeof vocabulary<V>>) {
  return z
    .string()
    .max(64)
    .meta({ examples: [...words.values, 'All facilities'] })
    .transform((s, ctx): V[number] | undefined => {
      if (s.trim() === '' || ALL.has(spellingKey(s))) return undefined;
      const v = words.parse(s);
      if (v === undefined)
        ctx.addIssue({
          code: 'custom',
          message: `must be one of ${words.values.map((w) => `"${w}"`).join(', ')} or "All"`,
        });
      return v;
    })
    .optional();
}
