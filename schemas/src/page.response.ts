import { z } from 'zod';

/**
 * What the collector answers, as zod schemas: the OpenAPI document's responses and the viewer's
 * types both come from these. Stored records hold epoch milliseconds; reads send ISO 8601 UTC.
 */
export const isoTime = z.iso.datetime();

/** A keyset page: `next` is the cursor of the following page, null on the last. */
export const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), next: z.string().nullable() });
export type Page<T> = { items: T[]; next: string | null };

/** Every refusal: a stable code, a message naming the bad value, and the field when there is one. */
export const errorResponse = z.object({
  error: z.object({ code: z.string(), message: z.string(), path: z.string().optional() }),
});
export type ErrorResponse = z.infer<typeof errorResponse>;
