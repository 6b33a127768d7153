import { performance } from 'node:perf_hooks';
import { ADMIN_KEY } from './collector-process.ts';

/** GETs a route with the admin key, reading the whole body; answers the time it took and the body size. */
export async function timedGet(
  url: string,
  timeoutMs = 120_000,
): Promise<{ ms: number; bytes: number; status: number }> {
  const t0 = performance.now();
  const res = await fetch(url, {
    headers: { Authorization: `Bearer ${ADMIN_KEY}` },
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = await res.arrayBuffer();
  return { ms: performance.now() - t0, bytes: body.byteLength, status: res.status };
}
