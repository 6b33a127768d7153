import { RRWEB_EVENT_TYPE, RRWEB_SOURCE } from '@loupe/schemas/wire';

/** Counts DOM changes per window; answers true once a window's count passes the limit. */
export function createStormGuard(limit: number, windowMs: number, now: () => number) {
  let windowStart = -Infinity;
  let count = 0;
  return {
    add(changes: number): boolean {
      const t = now();
      if (t - windowStart >= windowMs) {
        windowStart = t;
        count = 0;
      }
      count += changes;
      return count > limit;
    },
    get count() {
      return count;
    },
  };
}

/** The changes one rrweb mutation event carries; 0 for any other event. */
export function mutationCount(e: { type: number; data: unknown }): number {
  const d = e.data as {
    source?: number;
    adds?: unknown[];
    removes?: unknown[];
    texts?: unknown[];
    attributes?: unknown[];
  };
  if (e.type !== RRWEB_EVENT_TYPE.IncrementalSnapshot || d.source !== RRWEB_SOURCE.Mutation) return 0;
  return (d.adds?.length ?? 0) + (d.removes?.length ?? 0) + (d.texts?.length ?? 0) + (d.attributes?.length ?? 0);
}
