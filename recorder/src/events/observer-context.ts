import type { Privacy } from '../privacy/privacy.ts';
import type { Deferrals } from '../util/deferrals.ts';
import type { Report } from '../util/report.ts';
import type { EmitEvent } from '../types.ts';

/** What every co-browse observer gets; each observer answers the function that undoes it. */
export interface ObserverContext {
  emit: EmitEvent;
  privacy: Privacy;
  report: Report;
  deferrals: Deferrals;
}

export type Observer = (ctx: ObserverContext) => () => void;

/** Coordinates as the collector accepts them: whole pixels. */
export const px = (n: number) => Math.max(-1_000_000, Math.min(100_000_000, Math.round(n) || 0));
