import type { RecorderBatch } from '@loupe/schemas';

type Listener = (batch: RecorderBatch) => void;

/**
 * Stored recorder batches fanned out to live viewers of their session, in this process. With
 * several collectors behind a load balancer a viewer sees the batches its collector stored; the
 * viewer fills the gaps from the stored replay, which is complete.
 */
export class LiveFeed {
  readonly #listeners = new Map<string, Set<Listener>>();

  subscribe(tenantId: string, sessionId: string, listener: Listener): () => void {
    const k = `${tenantId}\u0000${sessionId}`;
    let set = this.#listeners.get(k);
    if (!set) {
      set = new Set();
      this.#listeners.set(k, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#listeners.delete(k);
    };
  }

  publish(tenantId: string, batch: RecorderBatch): void {
    for (const l of this.#listeners.get(`${tenantId}\u0000${batch.sessionId}`) ?? []) {
      try {
        l(batch);
      } catch {
        // One broken viewer stream must not stop the others or the ingest that called us.
      }
    }
  }
}
