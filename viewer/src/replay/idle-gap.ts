import type { RrwebEvent } from '@loupe/schemas';

/** rrweb's IncrementalSnapshot type and the sources it counts as the user doing something (Mutation < source <= Input). */
const INCREMENTAL = 3;
const MUTATION = 0;
const INPUT = 5;

/** rrweb's inactivePeriodThreshold: a gap longer than this (times the speed) between interactions is skipped. */
export const INACTIVE_MS = 10_000;
/** Where a skip lands: this long before the next interaction, so the viewer sees it coming. */
export const SKIP_LEAD_MS = 1_000;

/** What rrweb's skip-inactivity takes for user activity: mouse, scroll, resize and input events. */
export function isUserInteraction(e: RrwebEvent): boolean {
  if (e.type !== INCREMENTAL) return false;
  const source = (e.data as { source?: unknown } | null)?.source;
  return typeof source === 'number' && source > MUTATION && source <= INPUT;
}

/** The first user interaction after `at` among events in time order, or null when none is loaded. */
export function nextInteractionAfter(events: readonly RrwebEvent[], at: number): RrwebEvent | null {
  // Binary search for the first event after `at`: a long session holds many thousands.
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (events[mid]!.timestamp <= at) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < events.length; i++) if (isUserInteraction(events[i]!)) return events[i]!;
  return null;
}
