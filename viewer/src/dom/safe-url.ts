/**
 * Recorded pages and platform records carry URLs from anywhere. A link may only be built from an
 * absolute http(s) URL or one of the viewer's own paths; anything else (javascript:, data:,
 * vbscript:, protocol-relative //host) stays text.
 */
export function safeHttpUrl(value: string): string | null {
  if (!URL.canParse(value)) return null;
  const u = new URL(value);
  return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
}

/** An in-app path such as `/sessions/abc?t=10`: one leading slash, never `//host`. */
export function isAppPath(value: string): boolean {
  return value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\');
}

export function isSafeHref(value: string): boolean {
  return isAppPath(value) || value.startsWith('#') || safeHttpUrl(value) !== null;
}
