import { z } from 'zod';

/**
 * CSV as spreadsheets read it: fields quoted only when they must be, and any cell that a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@`, and tab or CR which some treat the
 * same) prefixed with an apostrophe, the OWASP-recommended neutraliser.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * The UTF-8 byte-order mark. Excel and LibreOffice read a CSV without it in the system's legacy
 * code page, which garbles `Zürich — ñ`; with it, as UTF-8. Off by default: scripts that read the
 * CSV would otherwise find it glued to the first header name.
 */
export const UTF8_BOM = '\uFEFF';

/** `?bom=1` on an export: start the file with the BOM, for spreadsheets (the viewer's Export button sets it). */
export const csvExportParams = {
  bom: z
    .enum(['0', '1', 'false', 'true'])
    .transform((v) => v === '1' || v === 'true')
    .optional(),
};

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
