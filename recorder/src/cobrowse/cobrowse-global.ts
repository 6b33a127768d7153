/**
 * The contract between the rrweb chunk (which notices a join request, watch-joins.ts) and the
 * co-browse chunk it then loads (cobrowse-chunk.ts), under a versioned global name as DOM_GLOBAL.
 */
export const COBROWSE_GLOBAL = '__loupe_cobrowse_v1';

export interface CobrowseContext {
  /** The collector's ingest URL of this page's recorder, with its site key (`…/v1/ingest?key=…`). */
  ingest: string;
  sessionId: string;
  /** The session's secret, which only this page's recorder holds. */
  secret: string;
  /** The element the replay knows by this id (rrweb's mirror): what the agent pointed at. */
  nodeById(id: number): Node | null;
  /** A field's value as the recorder may record it (the replay's masking rules). */
  maskInput(value: string, el: Element): string;
  report(e: unknown): void;
}

export type StartCobrowse = (ctx: CobrowseContext) => void;
export type WithCobrowse = typeof globalThis & { [COBROWSE_GLOBAL]?: StartCobrowse };
