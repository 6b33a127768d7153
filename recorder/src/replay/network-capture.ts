import { REPLAY_PLUGIN, WIRE_LIMITS } from '@loupe/schemas/wire';
import type { RrwebEvent } from './record-dom.ts';

/**
 * A request's URL as recorded: absolute, without credentials or fragment, and with its query's
 * names but none of their values (tokens, e-mails and ids travel there). `sanitize` is the site's
 * own rewrite of recorded URLs, applied first.
 */
export function networkUrl(raw: string, sanitize: (u: string) => string = String): string {
  const u = new URL(sanitize(new URL(raw, location.href).href), location.href);
  const names = [...u.searchParams.keys()];
  u.username = u.password = u.hash = u.search = '';
  return names.length ? `${u.href}?${names.map((n) => `${encodeURIComponent(n)}=`).join('&')}` : u.href;
}

/**
 * Times the page's fetch and XMLHttpRequest calls (off unless `captureNetwork` is set): method,
 * URL without query values, status and duration. Never a header or a body. Requests to the
 * collector (`skip`, our own batches) are left out. Answers the function that restores both.
 */
export function captureNetwork(
  emit: (e: RrwebEvent) => void,
  skip: string,
  sanitize: ((u: string) => string) | undefined,
  now: () => number,
): () => void {
  const w = globalThis as typeof globalThis & { fetch: typeof fetch };
  const X = XMLHttpRequest.prototype;
  const { fetch: fetch0 } = w;
  const { open, send: send0 } = X;
  type Xhr = XMLHttpRequest & { _loupe?: [string, string] };
  let on = true;
  const send = (initiator: 'fetch' | 'xhr', method: string, raw: string, status: number, started: number) => {
    try {
      // A method the collector would refuse (refusing the batch with it) is not recorded.
      if (!on || !/^[a-z-]{1,16}$/i.test(method) || new URL(raw, location.href).href.startsWith(skip)) return;
      const payload = {
        initiator,
        method: method.toUpperCase(),
        // Cut to the collector's limit: a cut cannot add a query value.
        url: networkUrl(raw, sanitize).slice(0, WIRE_LIMITS.urlLength),
        status,
        // The clock may step back (a time sync) during a request: never a negative duration.
        durationMs: Math.max(0, now() - started),
      };
      emit({ type: 6, timestamp: now(), data: { plugin: REPLAY_PLUGIN.network, payload } });
    } catch {
      // A URL we cannot read is not recorded; the page's request is untouched.
    }
  };
  // A Request carries its own URL and method; a string or URL object is the URL.
  const patchedFetch = function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
    const started = now();
    const method = init?.method ?? (input as Request).method ?? 'GET';
    const url = (input as Request).url ?? String(input);
    const p = fetch0.call(this, input, init);
    p.then(
      (r) => send('fetch', method, url, r.status, started),
      () => send('fetch', method, url, 0, started),
    );
    return p;
  } as typeof fetch;
  const patchedOpen = function (this: Xhr, ...args: [string, string | URL]) {
    this._loupe = [args[0], String(args[1])];
    // Passed on as given: open(method, url) and open(method, url, async, ...) differ.
    return (open as (...a: unknown[]) => void).apply(this, args);
  } as typeof X.open;
  const patchedSend = function (this: Xhr, body?: Document | XMLHttpRequestBodyInit | null) {
    const m = this._loupe;
    const started = now();
    if (m) this.addEventListener('loadend', () => send('xhr', m[0], m[1], this.status, started));
    return send0.call(this, body);
  };
  w.fetch = patchedFetch;
  X.open = patchedOpen;
  X.send = patchedSend;
  return () => {
    on = false;
    // Put back only what is still ours: a wrapper added on top of ours stays (and ours is inert).
    if (w.fetch === patchedFetch) w.fetch = fetch0;
    if (X.open === patchedOpen) X.open = open;
    if (X.send === patchedSend) X.send = send0;
  };
}
