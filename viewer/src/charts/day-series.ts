/** A chart's data: the days along the x axis and one value per day for each series. */
export interface DaySeries {
  days: string[];
  series: { label: string; values: number[] }[];
}

/**
 * Lines up rows of (day, key, value) into one series per key over the days any of them has, a
 * missing (day, key) being 0. Keys beyond `maxSeries` (ranked by their total) are summed into
 * "Others", so a tenant with fifty bots still gets a chart that can be read.
 */
export function daySeries<R>(
  rows: readonly R[],
  day: (r: R) => string,
  key: (r: R) => string,
  value: (r: R) => number,
  maxSeries = 5,
): DaySeries {
  const days = [...new Set(rows.map(day))].sort();
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(key(r), (totals.get(key(r)) ?? 0) + value(r));
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
  const shown = ranked.length > maxSeries ? ranked.slice(0, maxSeries - 1) : ranked;
  const labelOf = (k: string) => (shown.includes(k) ? k : 'Others');
  const labels = ranked.length > shown.length ? [...shown, 'Others'] : shown;
  const at = new Map(days.map((d, i) => [d, i]));
  const series = labels.map((label) => ({ label, values: days.map(() => 0) }));
  for (const r of rows) series[labels.indexOf(labelOf(key(r)))]!.values[at.get(day(r))!]! += value(r);
  return { days, series };
}

/** Local midnight of a `YYYY-MM-DD` day, in the seconds uPlot's time axis counts in. */
export function daySeconds(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d).getTime() / 1000;
}
