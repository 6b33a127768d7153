/**
 * A random id of [0-9a-z]; 22 characters carry 113 bits, plenty against collisions. (Base 36 by
 * toString rather than a 64-letter alphabet: that string alone cost the loader ~50 bytes gzipped.)
 */
export function randomId(length = 22): string {
  // Every browser that parses this bundle (ES2020) has getRandomValues, on http pages too.
  let id = '';
  for (const b of crypto.getRandomValues(new Uint8Array(length))) id += (b % 36).toString(36);
  return id;
}

/** FNV-1a: a short, stable name for a (collector, key) pair to namespace storage keys. */
export function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}
