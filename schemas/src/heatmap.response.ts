import { z } from 'zod';

/**
 * GET /v1/heatmap: where people clicked on one page over a time range. CLICK events carry the
 * pointer's page coordinates (pageX/pageY: from the document's top left, scrolled or not), so cells
 * are squares of LIMITS.heatmapCellPx page pixels. Keyboard activations have no position: they are
 * counted apart (`withoutPosition`) rather than placed anywhere.
 */
export const heatmapAnswer = z.object({
  /** The pages clicked in the range, the most clicked first, to pick from. */
  pages: z.array(z.object({ url: z.string(), clicks: z.number() })),
  /** The page asked for (null: none asked, `cells` empty). */
  url: z.string().nullable(),
  cellPx: z.number(),
  /** Clicks per cell: `x`, `y` the cell's top left in page pixels. */
  cells: z.array(z.object({ x: z.number(), y: z.number(), clicks: z.number() })),
  clicks: z.number(),
  withoutPosition: z.number(),
  /** A moment of a recorded visit to the page to draw the heat over: the newest click on it. */
  snapshot: z.object({ sessionId: z.string(), at: z.iso.datetime() }).nullable(),
});
export type HeatmapAnswer = z.infer<typeof heatmapAnswer>;
