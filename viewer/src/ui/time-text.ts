import { h } from '../dom/h.ts';
import { formatTime, zoneName } from '../format.ts';

/** A time shown in the viewer's zone with its offset; the zone's name and the UTC instant on hover (CSV exports are in UTC). */
export function timeText(iso: string): HTMLTimeElement {
  const d = new Date(iso);
  return h(
    'time',
    {
      datetime: iso,
      title: Number.isNaN(d.getTime()) ? null : `${zoneName()}; ${d.toISOString().replace('T', ' ').slice(0, 19)} UTC`,
    },
    formatTime(iso),
  );
}
