import { withQuery } from '../../api/query.ts';
import { dayToIso } from '../../ui/time-range.ts';

/** The overview's days (local, `YYYY-MM-DD`), the last 30 unless the address bar says otherwise. */
export interface OverviewRange {
  from: string;
  to: string;
  /** The viewer's zone: the collector counts in its days. */
  timeZone: string;
}

const DEFAULT_DAYS = 30;
const localDay = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function overviewRange(query: URLSearchParams, now = new Date()): OverviewRange {
  const start = new Date(now.getFullYear(), now.getMonth(), now.getDate() - (DEFAULT_DAYS - 1));
  const pick = (name: string, fallback: string) => {
    const v = query.get(name);
    return v && DAY.test(v) ? v : fallback;
  };
  return {
    from: pick('from', localDay(start)),
    to: pick('to', localDay(now)),
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  };
}

/** The aggregate routes' query for a range. */
export const apiRange = (r: OverviewRange) => ({
  from: dayToIso(r.from, 'from'),
  to: dayToIso(r.to, 'to'),
  tz: r.timeZone,
});

/**
 * Links to the list pages behind the charts, in their own filters' forms: the sessions page takes
 * local date-times, the call-log page local days.
 */
export const sessionsHref = (from: string, to: string, extra: Record<string, string> = {}) =>
  withQuery('/sessions', { from: `${from}T00:00:00`, to: `${to}T23:59:59`, ...extra });
export const callLogsHref = (from: string, to: string, extra: Record<string, string> = {}) =>
  withQuery('/call-logs', { from, to, ...extra });
