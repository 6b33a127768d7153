/** POST /v1/sql's answer (schemas' `sqlResult`), typed here so the viewer ships no zod. */
export interface SqlResult {
  items: Record<string, unknown>[];
  columns: { name: string; type: string }[];
  truncated: boolean;
}

/** A cell as text: objects and arrays as JSON, null as nothing. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** A spreadsheet would run a text cell starting so as a formula (the collector's csv.ts neutralises the same). */
const FORMULA_START = /^[=+\-@\t\r]/;
const NUMERIC = /^(Nullable\()?(U?Int|Float|Decimal)/;

function csvCell(text: string, numeric: boolean): string {
  const safe = !numeric && FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The result as CSV: a header of column names, a line per row, numbers left as they are. */
export function resultCsv(r: SqlResult): string {
  const numeric = r.columns.map((c) => NUMERIC.test(c.type));
  const lines = [r.columns.map((c) => csvCell(c.name, false)).join(',')];
  for (const row of r.items) lines.push(r.columns.map((c, i) => csvCell(cellText(row[c.name]), numeric[i]!)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
