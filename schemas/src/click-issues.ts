/**
 * Zod-free, so the viewer imports it (`@loupe/schemas/click-issues`) without a validation library.
 *
 * Clicks that tell of a frustrated visitor (issue 17). The collector finds them in ClickHouse
 * (collector/src/sessions/click-issue-sql.ts) with these numbers; the viewer names them with the
 * same ones, so what a marker says is what the filter matched.
 */
export const CLICK_ISSUES = {
  /**
   * A rage click: at least this many clicks on one element of one page (same `url` and `target`)...
   */
  rageClicks: 3,
  /** ...within this long, first to last. Quicker than anyone clicks twice on purpose to act twice. */
  rageWindowMs: 1_000,
  /**
   * A dead click: a click after which, for this long, the page did nothing: no DOM mutation, no
   * new page (a full snapshot or an rrweb Meta event), no scroll, input, selection, media or style
   * change in the replay, and no other co-browse event (PAGECHANGE, INPUT, FORM, SELECTION, SCROLL,
   * CUSTOM_EVENT). Two seconds covers a slow reaction, as a person would wait for one. It is judged
   * only when the recording went on past the window: a click that ends a recording (the tab closed,
   * the visitor left for another site) or a session recorded without its DOM is never dead.
   */
  deadWindowMs: 2_000,
} as const;

/**
 * rrweb incremental sources (EventType 3) that are the page answering: Mutation 0, Scroll 3,
 * Input 5, MediaInteraction 7, StyleSheetRule 8, CanvasMutation 9, StyleDeclaration 13,
 * Selection 14, AdoptedStyleSheet 15. Mouse moves and the click itself (1, 2) are not.
 */
export const PAGE_EFFECT_SOURCES = [0, 3, 5, 7, 8, 9, 13, 14, 15] as const;

export const CLICK_ISSUE_KINDS = ['rage', 'dead'] as const;
export type ClickIssueKind = (typeof CLICK_ISSUE_KINDS)[number];

/** One rage burst or one dead click, as GET /v1/sessions/{id}/click-issues sends it. */
export interface ClickIssue {
  kind: ClickIssueKind;
  /** The burst's first click, or the dead click (ISO 8601). */
  ts: string;
  /** The burst's last click (the dead click itself for a dead one). */
  lastTs: string;
  clicks: number;
  url: string;
  target: string;
  text?: string;
}
