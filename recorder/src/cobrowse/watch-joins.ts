import type { JOIN_TIMING_NAME } from '@loupe/schemas';
import { record } from '@rrweb/record';
import { COBROWSE_GLOBAL, type CobrowseContext, type WithCobrowse } from './cobrowse-global.ts';

/** The Server-Timing entry of an ingest answer that says an agent asks to join (join-timing.ts). */
const JOIN: typeof JOIN_TIMING_NAME = 'loupe-join';

/**
 * Part of the rrweb chunk: watches the recorder's own ingest requests through resource timing, and
 * when an acknowledgement says an agent asks to join this session, loads the co-browse chunk
 * (once) and hands it the session. Nothing else happens, and no connection stays open, until an
 * agent asks. Answers the function that stops watching.
 */
export function watchJoins(
  src: string,
  nonce: string | undefined,
  d: Pick<CobrowseContext, 'maskInput' | 'report'>,
): () => void {
  const started = new Set<string>();
  let loading: Promise<void> | undefined;
  const load = () =>
    (loading ??= new Promise<void>((resolve, reject) => {
      const s = document.createElement('script');
      s.src = src;
      if (nonce) s.nonce = nonce;
      s.onload = () => resolve();
      s.onerror = reject;
      document.head.appendChild(s);
    }));
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries() as PerformanceResourceTiming[]) {
      // Most entries are the page's own resources, with no such timing: they cost one lookup.
      const sessionId = e.serverTiming?.find((t) => t.name === JOIN)?.description;
      if (!sessionId) continue;
      const url = new URL(e.name);
      const secret = url.searchParams.get('ss');
      if (!secret || started.has(sessionId)) continue;
      started.add(sessionId);
      url.searchParams.delete('ss');
      load().then(() => {
        (globalThis as WithCobrowse)[COBROWSE_GLOBAL]?.({
          ingest: url.href,
          sessionId,
          secret,
          nodeById: (id) => record.mirror.getNode(id),
          ...d,
          // Once ended, a later request to the same session starts afresh.
        });
        started.delete(sessionId);
      }, d.report);
    }
  });
  try {
    observer.observe({ type: 'resource' });
  } catch (e) {
    d.report(e);
  }
  return () => observer.disconnect();
}
