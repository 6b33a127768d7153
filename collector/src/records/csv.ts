/**
 * CSV as spreadsheets read it: fields quoted only when they must be, and any cell that a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@`, and tab or CR which some treat the
 * same) prefixed with an apostrophe, the OWASP-recommended neutraliser.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\n`;
}

/** Seed 000's date layout: UTC `YYYY-MM-DD HH:MM:SS`. */
export function csvTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
