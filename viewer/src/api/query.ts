export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

/** `path?a=1&b=2` with empty values left out, so a cleared filter is no filter. */
export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}
