import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

/** One request the load sends: its body, headers, and how many events (or records) it carries. */
export interface Shot {
  body: Buffer;
  headers: Record<string, string>;
  count: number;
}

export interface LoadResult {
  /** Events (or records) acknowledged within the measured window, per second. */
  perSecond: number;
  acked: number;
  requests: number;
  failures: number;
  firstFailure?: string;
  windowMs: number;
  latenciesMs: number[];
}

export interface LoadOptions {
  url: string;
  /** Simulated senders: each sends its next request only once the previous one was answered. */
  concurrency: number;
  warmupMs: number;
  windowMs: number;
  /** The requests of sender `s`'s `n`-th session, in order; null when the pool is spent. */
  nextSession: () => Shot[] | null;
  /**
   * Requests per second for all senders together; unset, each sends as soon as it is answered (the
   * maximum). Set, each sender waits for its slot, so the latency is that of a collector below saturation.
   */
  requestsPerSecond?: number;
}

function post(url: URL, agent: Agent, shot: Shot): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { ...shot.headers, 'Content-Length': String(shot.body.length) } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          if (body.length < 2000) body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.setTimeout(60_000, () => req.destroy(new Error('no answer within 60 s')));
    req.on('error', reject);
    req.end(shot.body);
  });
}

/**
 * Many senders posting over loopback, each waiting for its acknowledgement before the next
 * request, like real recorders. Counts what is acknowledged (2xx) after the warm-up and before the
 * window ends; bounded by the window and by the pool of prepared requests.
 */
export async function postLoad(o: LoadOptions): Promise<LoadResult> {
  const url = new URL(o.url);
  const agent = new Agent({ keepAlive: true, maxSockets: o.concurrency });
  const t0 = performance.now();
  const from = t0 + o.warmupMs;
  const until = from + o.windowMs;
  const r: LoadResult = { perSecond: 0, acked: 0, requests: 0, failures: 0, windowMs: o.windowMs, latenciesMs: [] };

  // Senders start spread over one interval, each then keeps its own pace.
  const interval = o.requestsPerSecond ? (o.concurrency / o.requestsPerSecond) * 1000 : 0;
  let started = 0;
  async function sender(): Promise<void> {
    let slot = t0 + interval * (started++ / o.concurrency);
    while (performance.now() < until) {
      const session = o.nextSession();
      if (!session) return;
      // A recorder session's later batches carry the secret its first 202 returned, as the recorder's do.
      let secret: string | undefined;
      for (const s of session) {
        const shot = secret ? { ...s, headers: { ...s.headers, 'X-Loupe-Session-Secret': secret } } : s;
        if (performance.now() >= until) return;
        if (interval) {
          const wait = slot - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          slot = Math.max(slot + interval, performance.now() - interval);
        }
        const sent = performance.now();
        let status = 0;
        let text = '';
        try {
          ({ status, body: text } = await post(url, agent, shot));
        } catch (e) {
          text = (e as Error).message;
        }
        const done = performance.now();
        // Throughput counts what completed inside the window; the warm-up fills the writer's batches first.
        const inWindow = done >= from && done <= until;
        if (status >= 200 && status < 300) {
          secret ??= text.includes('"sessionSecret"')
            ? (JSON.parse(text) as { sessionSecret: string }).sessionSecret
            : undefined;
          if (inWindow) {
            r.acked += shot.count;
            r.requests++;
            r.latenciesMs.push(done - sent);
          }
        } else {
          r.failures++;
          r.firstFailure ??= `${status} ${text.slice(0, 300)}`;
          return;
        }
      }
    }
  }

  await Promise.all(Array.from({ length: o.concurrency }, sender));
  agent.destroy();
  r.perSecond = r.acked / (o.windowMs / 1000);
  return r;
}
