/**
 * JSON text that goes into a String column as it is, not as a JSON string of it: a JSONEachRow
 * line can carry an array or object where a String column is expected and ClickHouse stores its
 * text (`input_format_json_read_arrays_as_strings`, set on every Loupe connection). A recorder
 * batch's replay is most of its bytes; escaping it into a string cost the collector as much time
 * as parsing the whole batch. The text must be valid JSON already (ClickHouse stores whatever
 * bracketed text it finds): the collector's JSON.parse of the body is what proved it.
 *
 * Anything that does not know of it (JSON.stringify) still writes it correctly, as a string.
 */
export class RawJson {
  constructor(readonly text: string) {}
  toJSON(): string {
    return this.text;
  }
}

/** A row as one JSONEachRow line, RawJson values written raw (the client's `json.stringify`). */
export function stringifyRow(row: unknown): string {
  if (row === null || typeof row !== 'object' || Array.isArray(row)) return JSON.stringify(row);
  const values = row as Record<string, unknown>;
  let raw = false;
  for (const k in values) if (values[k] instanceof RawJson) raw = true;
  if (!raw) return JSON.stringify(row);
  const parts: string[] = [];
  for (const k in values) {
    const v = values[k];
    if (v === undefined) continue;
    parts.push(`${JSON.stringify(k)}:${v instanceof RawJson ? v.text : JSON.stringify(v)}`);
  }
  return `{${parts.join(',')}}`;
}
