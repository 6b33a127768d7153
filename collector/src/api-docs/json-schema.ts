import { z } from 'zod';

type Json = { [k: string]: unknown };

/**
 * One zod schema as an OpenAPI 3.1 schema. zod writes reused and recursive parts (`z.json()`) to
 * `$defs` with `#/$defs/...` refs, which do not resolve inside an OpenAPI document; they move to
 * `components.schemas` under a name prefixed with `owner`, and the refs follow them.
 */
export function toOpenApiSchema(
  schema: z.ZodType,
  io: 'input' | 'output',
  owner: string,
  components: Record<string, unknown>,
): Json {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  const defs = (json.$defs ?? {}) as Record<string, unknown>;
  delete json.$defs;
  delete json.$schema;
  const rename = (name: string) => `${owner}_${name}`.replace(/[^A-Za-z0-9._-]/g, '_');
  const moveRefs = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(moveRefs);
    if (v === null || typeof v !== 'object') return v;
    const out: Json = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === '$ref' && typeof x === 'string') {
        out[k] =
          x === '#'
            ? `#/components/schemas/${rename('root')}`
            : x.replace(/^#\/\$defs\/(.+)$/, (_, n: string) => `#/components/schemas/${rename(n)}`);
      } else out[k] = moveRefs(x);
    }
    return out;
  };
  for (const [name, def] of Object.entries(defs)) components[rename(name)] = moveRefs(def);
  const moved = moveRefs(json) as Json;
  // A schema that refers to itself as a whole (`#`) is kept whole in components too.
  if (JSON.stringify(json).includes('"$ref":"#"')) components[rename('root')] = moved;
  return moved;
}
