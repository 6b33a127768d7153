import { z } from 'zod';
import { isoTime } from './page.response.ts';

/**
 * GET /v1/notifications/undelivered: e-mail notifications that reached nobody (no recipient with
 * an address, no SMTP server, or the server refused), newest first; `total` counts them all since
 * this collector started, `items` holds the last few. Emptied once a notification is delivered.
 */
export const undeliveredNotifications = z.object({
  items: z.array(z.object({ at: isoTime, subject: z.string(), reason: z.string() })),
  total: z.number().int(),
});
export type UndeliveredNotifications = z.infer<typeof undeliveredNotifications>;
