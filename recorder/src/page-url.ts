/** The collector's limit for URLs (LIMITS.urlLength). */
const MAX_URL = 8_192;

/**
 * Reads the page URL as events record it: through the site's `sanitizeUrl`, and only when it is an
 * absolute http(s) URL the collector accepts (not `file:` or `about:blank`).
 */
export function pageUrlReader(sanitize?: (url: string) => string): () => string | undefined {
  return () => {
    const href = sanitize ? sanitize(location.href) : location.href;
    return /^https?:\/\//i.test(href) && href.length <= MAX_URL ? href : undefined;
  };
}
