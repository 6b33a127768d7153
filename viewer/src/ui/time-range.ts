/**
 * Filter forms pick days and times in the viewer's zone, as people read them; the API takes ISO
 * 8601 with a zone, so a picked day becomes its local first or last millisecond.
 */
export function dayToIso(day: string | null, end: 'from' | 'to'): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day ?? '');
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const t = end === 'from' ? new Date(y, mo, d).getTime() : new Date(y, mo, d + 1).getTime() - 1;
  return new Date(t).toISOString();
}

/** A `datetime-local` value (local wall time) as ISO 8601. */
export function localTimeToIso(value: string | null): string | undefined {
  if (!value) return undefined;
  const t = new Date(value).getTime();
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}
