import type { ApiClient } from '../api/api-client.ts';
import type { LiveBatch, RrwebEvent } from '@loupe/schemas';
import { unpackReplayEvent } from '@loupe/schemas/packed-snapshot';
import { FULL_SNAPSHOT, META } from './replay-buffer.ts';
import { fitStage } from './fit-stage.ts';
import {
  SAFE_REPLAYER_OPTIONS,
  type ReplayerClass,
  type ReplayerEvents,
  type ReplayerInstance,
} from './load-replayer.ts';

export interface LiveCallbacks {
  onStatus(kind: 'connecting' | 'live' | 'waiting' | 'reconnecting' | 'error', text: string): void;
  onBatch(batch: LiveBatch): void;
  /** The live replayer once the page is rebuilt (co-browsing acts through it: cobrowse-controls.ts). */
  onReplayer?(replayer: ReplayerInstance): void;
}

const FIRST_LOOK_BACK_MS = 30_000;

/** The stored events from the last full snapshot up to now: where a live view starts. */
async function latestSnapshot(
  api: ApiClient,
  sessionId: string,
  sessionStart: number,
  signal: AbortSignal,
): Promise<RrwebEvent[]> {
  const now = Date.now();
  for (let back = FIRST_LOOK_BACK_MS; ; back *= 2) {
    const from = Math.max(sessionStart, now - back);
    // Up to a minute ahead: the recorded browser's clock may run a little ahead of ours.
    const page = await api.get<{ items: RrwebEvent[] }>(
      `/v1/sessions/${encodeURIComponent(sessionId)}/replay`,
      { from: new Date(from).toISOString(), to: new Date(now + 60_000).toISOString() },
      signal,
    );
    const events = page.items.filter((e) => e.timestamp >= from).sort((a, b) => a.timestamp - b.timestamp);
    let snap = -1;
    for (const [i, e] of events.entries()) if (e.type === FULL_SNAPSHOT) snap = i;
    if (snap >= 0) return events.slice(snap > 0 && events[snap - 1]!.type === META ? snap - 1 : snap);
    if (from <= sessionStart) return [];
  }
}

/**
 * Watches a session as it is recorded: subscribes to its live stream first (so nothing stored
 * meanwhile is missed), rebuilds the page from the last stored full snapshot, then applies each
 * batch as it arrives. Batches already in the stored window are skipped by time: one recorder
 * sends its batches in order, so anything not newer than the last applied event is a copy.
 */
export function startLiveView(
  Replayer: ReplayerClass,
  stage: HTMLElement,
  api: ApiClient,
  sessionId: string,
  sessionStart: number,
  cb: LiveCallbacks,
): () => void {
  const abort = new AbortController();
  const pending: LiveBatch[] = [];
  let replayer: ReplayerInstance | null = null;
  let lastTs = -Infinity;
  let haveSnapshot = false;
  let dims = { width: 0, height: 0 };
  const observer = new ResizeObserver(() => replayer && fitStage(stage, replayer.wrapper, dims));
  observer.observe(stage);

  const feed = (events: readonly RrwebEvent[]) => {
    const after = lastTs;
    for (const e of events) {
      if (e.timestamp <= after) continue;
      // Until a full snapshot arrives there is no page to change.
      if (!haveSnapshot && e.type !== FULL_SNAPSHOT && e.type !== META) continue;
      if (e.type === FULL_SNAPSHOT) haveSnapshot = true;
      replayer!.addEvent(unpackReplayEvent(e) as ReplayerEvents[number]); // packed full snapshots unpacked
      lastTs = Math.max(lastTs, e.timestamp);
    }
    cb.onStatus(haveSnapshot ? 'live' : 'waiting', haveSnapshot ? 'Live' : 'Waiting for the page to be captured…');
  };

  const source = new EventSource(`/v1/sessions/${encodeURIComponent(sessionId)}/live`);
  source.addEventListener('batch', (m) => {
    let batch: LiveBatch;
    try {
      batch = JSON.parse((m as MessageEvent<string>).data) as LiveBatch;
    } catch {
      return;
    }
    cb.onBatch(batch);
    if (replayer) feed([...batch.replay].sort((a, b) => a.timestamp - b.timestamp));
    else pending.push(batch);
  });
  source.addEventListener('error', () => {
    if (!abort.signal.aborted)
      cb.onStatus(
        source.readyState === EventSource.CLOSED ? 'error' : 'reconnecting',
        source.readyState === EventSource.CLOSED ? 'The live stream closed.' : 'Reconnecting…',
      );
  });

  cb.onStatus('connecting', 'Connecting…');
  latestSnapshot(api, sessionId, sessionStart, abort.signal)
    .then((stored) => {
      if (abort.signal.aborted) return;
      stage.replaceChildren();
      // No virtual DOM: rrweb applies events older than the live start at once, into its virtual
      // DOM, and only a player's seek flushes it; in live mode nothing does, so every change after
      // the first stored mutation went there and never reached the page shown.
      const r = new Replayer([], { ...SAFE_REPLAYER_OPTIONS, root: stage, liveMode: true, useVirtualDom: false });
      r.on('resize', (d) => {
        dims = d as typeof dims;
        fitStage(stage, r.wrapper, dims);
      });
      // Events older than this are applied at once, newer ones as the clock reaches them.
      r.startLive(Date.now());
      replayer = r;
      cb.onReplayer?.(r);
      feed(stored);
      for (const b of pending.splice(0)) feed([...b.replay].sort((a, b2) => a.timestamp - b2.timestamp));
    })
    .catch((e: unknown) => {
      if (!abort.signal.aborted) cb.onStatus('error', e instanceof Error ? e.message : String(e));
    });

  return () => {
    abort.abort();
    source.close();
    observer.disconnect();
    replayer?.destroy();
    replayer = null;
  };
}
