const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A random id of [A-Za-z0-9_-]; 22 characters carry 132 bits, plenty against collisions. */
export function randomId(length = 22): string {
  // Every browser that parses this bundle (ES2020) has getRandomValues, on http pages too.
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let id = '';
  for (const b of bytes) id += ALPHABET[b & 63];
  return id;
}

/** FNV-1a: a short, stable name for a (collector, key) pair to namespace storage keys. */
export function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}
