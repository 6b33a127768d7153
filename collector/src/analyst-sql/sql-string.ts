/**
 * A ClickHouse string literal. Only for values this module controls (table names, the tenant id,
 * the filter built from it), never for analyst text, which only ever travels as a query parameter.
 * Backslash and quote are the two characters a ClickHouse string literal gives meaning to.
 */
export function sqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
