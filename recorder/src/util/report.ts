/** Receives a caught error; never throws. */
export type Report = (error: unknown) => void;

/** Distinct problems reported per page: enough to diagnose, too few to flood a batch. */
const MAX_DISTINCT = 10;

/**
 * Makes the one error sink of a recorder. Each distinct message is passed on once (to the page's
 * console at debug level and to `sink`, which records a `loupe:error` event); repeats are dropped,
 * so a failing handler on a busy event cannot flood the console or the collector.
 */
export function createReporter(sink: (message: string) => void): Report {
  const seen = new Set<string>();
  let reporting = false;
  return function report(error) {
    if (reporting) return; // the sink itself failed: stop here rather than loop
    reporting = true;
    try {
      const message = String((error as Error | undefined)?.message ?? error).slice(0, 500) || 'unknown error';
      if (seen.has(message) || seen.size >= MAX_DISTINCT) return;
      seen.add(message);
      console.debug('[loupe]', error);
      sink(message);
    } catch {
      // Reporting is best effort; the host page must never see our failure.
    } finally {
      reporting = false;
    }
  };
}

/** Wraps a callback so that whatever it throws is reported instead of reaching the page. */
export function guard<A extends unknown[]>(report: Report, fn: (...args: A) => void): (...args: A) => void {
  return (...args) => {
    try {
      fn(...args);
    } catch (e) {
      report(e);
    }
  };
}
