import { z } from 'zod';

/** What two spellings of one value share: case, spaces, underscores and hyphens do not count. */
export const spellingKey = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, '');

/**
 * A closed vocabulary that takes the ways people write its values: `canonical` values, and
 * `aliases` (other spellings, by value), compared by `spellingKey`. It parses to the one
 * canonical value that is stored, filtered on and written to CSV. The input is described as a
 * string, with the canonical values as examples.
 */
export function vocabulary<const V extends readonly [string, ...string[]]>(
  canonical: V,
  aliases: Partial<Record<V[number], readonly string[]>> = {},
) {
  const byKey = new Map<string, V[number]>();
  for (const v of canonical) byKey.set(spellingKey(v), v);
  for (const [v, spellings] of Object.entries(aliases) as [V[number], readonly string[]][])
    for (const s of spellings) byKey.set(spellingKey(s), v);
  const accepted = canonical.map((v) => `"${v}"`).join(', ');
  const parse = (s: string) => byKey.get(spellingKey(s));
  const schema = z
    .string()
    .max(64)
    .meta({ examples: [...canonical] })
    .transform((s, ctx): V[number] => {
      const v = parse(s);
      if (v === undefined) {
        ctx.addIssue({ code: 'custom', message: `must be one of ${accepted} (case, spaces and _ do not matter)` });
        return z.NEVER;
      }
      return v;
    });
  return { values: canonical, schema, parse };
}
