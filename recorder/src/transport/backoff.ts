/** First retry after about a second; never wait longer than a minute between tries. */
const BASE_MS = 1_000;
const MAX_MS = 60_000;
/** A Retry-After beyond this is treated as this: the page will likely be gone long before. */
const MAX_RETRY_AFTER_MS = 10 * 60_000;

/**
 * The wait before retry number `failures` (1 for the first): exponential with "equal jitter"
 * (half fixed, half random), so a fleet of pages that failed together does not retry together.
 * A server's Retry-After, in seconds or as an HTTP date, is a floor.
 */
export function retryDelay(
  failures: number,
  retryAfter: string | null,
  now: number,
  random: () => number = Math.random,
): number {
  const exp = Math.min(MAX_MS, BASE_MS * 2 ** Math.max(0, failures - 1));
  const jittered = exp / 2 + random() * (exp / 2);
  return Math.max(jittered, Math.min(MAX_RETRY_AFTER_MS, retryAfterMs(retryAfter, now)));
}

export function retryAfterMs(value: string | null, now: number): number {
  if (!value) return 0;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : 0;
}

/** What to do with a batch after an answer; status 0 is a network error or a CORS refusal. */
export type Verdict = 'done' | 'retry' | 'drop' | 'fatal';

export function verdictOf(status: number): Verdict {
  if (status >= 200 && status < 300) return 'done';
  // A wrong key or a refused origin will not get better by retrying, nor will the next batch.
  if (status === 401 || status === 403) return 'fatal';
  if (status === 0 || status === 408 || status === 425 || status === 429 || status >= 500) return 'retry';
  return 'drop'; // 400, 413, 415...: this batch can never be accepted; retrying would block the rest
}
