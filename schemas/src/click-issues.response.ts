import { z } from 'zod';
import { CLICK_ISSUE_KINDS, type ClickIssue } from './click-issues.ts';
import { isoTime } from './page.response.ts';

/** One rage burst or one dead click of a session (GET /v1/sessions/{id}/click-issues). */
export const clickIssue = z.object({
  kind: z.enum(CLICK_ISSUE_KINDS),
  /** The burst's first click, or the dead click. */
  ts: isoTime,
  /** The burst's last click (the dead click itself for a dead one). */
  lastTs: isoTime,
  clicks: z.number(),
  url: z.string(),
  target: z.string(),
  text: z.string().optional(),
});

/** A session's click issues come whole, oldest first: `next` is always null. */
export const clickIssuePage = z.object({ items: z.array(clickIssue), next: z.null() });

/** The interface the viewer reads is this schema's type: a change to one that the other misses fails typechecking. */
export const clickIssueMatches: z.ZodType<ClickIssue> = clickIssue;
