import type { CustomValue, DataOf } from '../types.ts';

const MAX_TYPE = 256;
const MAX_VALUE = 16_384;

/**
 * The CUSTOM_EVENT data for `track(type, value)`, or an error message. Values the wire cannot
 * carry are made to fit rather than refused: objects become JSON, NaN and undefined become null.
 */
export function customEventData(type: unknown, value: unknown): DataOf<'CUSTOM_EVENT'> | string {
  if (typeof type !== 'string' || !type.trim()) return 'track(type, value): type must be a non-empty string';
  const eventType = type
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the pattern exists to strip or refuse control characters
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .trim()
    .slice(0, MAX_TYPE);
  return { eventType, value: toValue(value) };
}

function toValue(value: unknown): CustomValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') return value.slice(0, MAX_VALUE);
  try {
    return (JSON.stringify(value) ?? String(value)).slice(0, MAX_VALUE);
  } catch {
    return String(value).slice(0, MAX_VALUE); // cyclic objects, bigints
  }
}
