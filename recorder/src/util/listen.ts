import { guard, type Report } from './report.ts';

/** Passive capture: we only observe, and capture sees events the page stops from bubbling. */
const OBSERVE: AddEventListenerOptions = { capture: true, passive: true };

/** One function that undoes all of `offs`. */
export const undoAll = (offs: (() => void)[]) => () => offs.forEach((off) => off());

/** Adds a guarded listener and answers the function that removes exactly it. */
export function listen(
  target: EventTarget,
  type: string,
  handler: (event: Event) => void,
  report: Report,
  options: AddEventListenerOptions = OBSERVE,
): () => void {
  const wrapped = guard(report, handler);
  target.addEventListener(type, wrapped, options);
  return () => target.removeEventListener(type, wrapped, options);
}
