import type { RecorderBatch } from '../types.ts';
import type { BufferedParts } from './batch-buffer.ts';

export type BatchHead = Omit<RecorderBatch, 'events' | 'replay'>;

/**
 * The batch as JSON text, assembled from events already serialised (see batch-buffer.ts). JSON
 * rather than msgpack: gzip leaves the two within a few percent, and JSON costs the page no code
 * (README.md, "Encoding").
 */
export function encodeBatch(head: BatchHead, parts: BufferedParts): string {
  const start = JSON.stringify(head).slice(0, -1);
  return `${start},"events":[${parts.events.join(',')}],"replay":[${parts.replay.join(',')}]}`;
}
