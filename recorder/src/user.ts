import type { RecorderUser } from './types.ts';

// biome-ignore lint/suspicious/noControlCharactersInRegex: the pattern exists to strip or refuse control characters
const CONTROL = /[\u0000-\u001f\u007f]/;

/** The user for `identify()`: an id string or `{ id, name? }`; an error message when unusable. */
export function toUser(user: unknown): RecorderUser | string {
  const u =
    typeof user === 'string' || typeof user === 'number'
      ? { id: String(user) }
      : (user as Partial<RecorderUser> | null);
  const id = typeof u?.id === 'number' ? String(u.id) : u?.id;
  if (typeof id !== 'string' || !id || id.length > 256 || CONTROL.test(id)) {
    return 'identify(user): user.id must be 1-256 characters, none a control character';
  }
  const name = typeof u?.name === 'string' ? u.name.trim().slice(0, 1_024) : '';
  return name ? { id, name } : { id };
}
