/**
 * ClickHouse error types that mean "these rows are bad", not "storage is unwell": the server (or
 * chDB) read the insert and refused its data, e.g. CANNOT_PARSE_ESCAPE_SEQUENCE for a lone
 * surrogate. The same rows would be refused again, while other rows are taken; a refused
 * connection or a timeout carries no such type.
 */
const DATA_ERROR = new RegExp(
  `^(${[
    'CANNOT_PARSE',
    'CANNOT_READ',
    'INCORRECT_DATA',
    'TYPE_MISMATCH',
    'CANNOT_CONVERT',
    'VALUE_IS_OUT_OF_RANGE',
    'ARGUMENT_OUT_OF_BOUND',
    'TOO_LARGE_STRING',
    'UNKNOWN_FIELD',
    'CANNOT_INSERT_NULL',
    'DECIMAL_OVERFLOW',
  ].join('|')})`,
);

export function isRowRefusal(err: unknown): boolean {
  const type = (err as { type?: unknown } | undefined)?.type;
  return typeof type === 'string' && DATA_ERROR.test(type);
}
