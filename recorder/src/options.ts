import type { RecorderUser } from './types.ts';

export interface RecorderOptions {
  /** The collector's base URL, e.g. `https://collector.example`; batches go to `<endpoint>/v1/ingest`. */
  endpoint: string;
  /** The site key (public: it can only ingest). */
  key: string;
  /** True on the agent's side of a co-browsing session. */
  isAgent?: boolean;
  /** The signed-in user, if known at start; `identify()` sets it later. */
  user?: RecorderUser;
  /** Mask every input's value (default true); `.loupe-unmask` fields are then the exceptions. */
  maskAllInputs?: boolean;
  /** Mask all page text in replay, clicks and selections (default false). */
  maskText?: boolean;
  /** Extra CSS selectors, added to the built-in `.loupe-*` classes and `data-loupe-*` attributes. */
  blockSelector?: string;
  maskSelector?: string;
  ignoreSelector?: string;
  unmaskSelector?: string;
  /** Record the DOM for replay (default true); false keeps only the co-browse events. */
  recordDom?: boolean;
  /** How often buffered events are sent (default 5 s). */
  flushIntervalMs?: number;
  /** A batch is sent early once it holds this many characters of JSON (default 256 000). */
  maxBatchBytes?: number;
  /** Unsent batches kept while the collector is unreachable; older ones are dropped (default 2 000 000 characters). */
  maxQueueBytes?: number;
  /** A session ends after this long without user activity (default 30 min). */
  sessionIdleMs?: number;
  /** A session longer than this is continued under a new id (default 12 h). */
  maxSessionMs?: number;
  /** DOM recording pauses after this long without user activity (default 5 min). */
  idlePauseMs?: number;
  /** A full DOM snapshot is taken this often, so a replay can start mid-session (default 5 min). */
  checkoutEveryMs?: number;
  /** DOM changes per 5 s above which DOM recording pauses (default 50 000). */
  mutationLimit?: number;
  /** Where the lazily loaded rrweb part is (the script tag build only; default: next to recorder.js). */
  rrwebSrc?: string;
  /** Rewrites every recorded page URL, e.g. to drop tokens from query strings. */
  sanitizeUrl?: (url: string) => string;
  /**
   * Record console calls and uncaught errors into the replay (default true; `data-capture-console`).
   * Read by the lazily loaded part only, so it has no default here: the loader stays as small.
   */
  captureConsole?: boolean;
  /** Record fetch/XHR timings (method, URL without query values, status, duration) into the replay (default false; `data-capture-network`). */
  captureNetwork?: boolean;
}

export type ResolvedOptions = Required<
  Omit<
    RecorderOptions,
    | 'user'
    | 'rrwebSrc'
    | 'sanitizeUrl'
    | 'blockSelector'
    | 'maskSelector'
    | 'ignoreSelector'
    | 'unmaskSelector'
    | 'captureConsole'
    | 'captureNetwork'
  >
> &
  Pick<
    RecorderOptions,
    | 'user'
    | 'rrwebSrc'
    | 'sanitizeUrl'
    | 'blockSelector'
    | 'maskSelector'
    | 'ignoreSelector'
    | 'unmaskSelector'
    | 'captureConsole'
    | 'captureNetwork'
  >;

const MINUTE = 60_000;

export const DEFAULTS = {
  isAgent: false,
  maskAllInputs: true,
  maskText: false,
  recordDom: true,
  flushIntervalMs: 5_000,
  // Gzip takes such a batch to ~30 KB: under the 64 KB keepalive budget, with room for a second.
  maxBatchBytes: 256_000,
  // About 20 minutes of a busy page; localStorage (~5 MB per origin) is shared with the site.
  maxQueueBytes: 2_000_000,
  sessionIdleMs: 30 * MINUTE,
  maxSessionMs: 12 * 60 * MINUTE,
  idlePauseMs: 5 * MINUTE,
  checkoutEveryMs: 5 * MINUTE,
  mutationLimit: 50_000,
} satisfies Partial<ResolvedOptions>;

/** Fills in defaults; a bad value (a number that is not positive, a flag that is not boolean) falls back to its default rather than failing the page. */
export function resolveOptions(o: RecorderOptions): ResolvedOptions {
  if (!o || typeof o.endpoint !== 'string' || !/^https?:\/\//i.test(o.endpoint))
    throw new Error('loupe: `endpoint` must be an http(s) URL');
  if (typeof o.key !== 'string' || !o.key) throw new Error('loupe: `key` (the site key) is required');
  const resolved: Record<string, unknown> = { ...o };
  for (const [k, fallback] of Object.entries(DEFAULTS)) {
    const v = (o as unknown as Record<string, unknown>)[k];
    resolved[k] = typeof v === typeof fallback && (typeof v !== 'number' || (v > 0 && v < Infinity)) ? v : fallback;
  }
  return resolved as unknown as ResolvedOptions;
}
