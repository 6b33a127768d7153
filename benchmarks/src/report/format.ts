/** Numbers for people: three significant digits, thousands grouped. */
export function num(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 10 ** digits) return Math.round(v).toLocaleString('en-US');
  return Number(v.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

export function bytes(v: number): string {
  const abs = Math.abs(v);
  if (abs >= 1024 * 1024) return `${num(v / (1024 * 1024))} MiB`;
  if (abs >= 1024) return `${num(v / 1024)} KiB`;
  return `${num(v)} B`;
}

export const ms = (v: number) => (Math.abs(v) >= 1000 ? `${num(v / 1000)} s` : `${num(v)} ms`);
export const pct = (v: number) => `${num(v * 100)} %`;
