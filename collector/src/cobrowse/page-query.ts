import { sessionId } from '@loupe/schemas';
import { z } from 'zod';

/** The customer page's credentials in the query string: EventSource can set no header. `key` is the site key. */
export const cobrowsePageQuery = z.object({
  key: z.string().optional(),
  sid: sessionId,
  ss: z.string().min(1).max(128),
});
