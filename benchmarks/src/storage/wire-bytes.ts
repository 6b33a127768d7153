import type { RecorderBatch } from '@loupe/schemas';
import { ENCODINGS, encode, type Encoding } from '../fixture/encodings.ts';

export interface WireBytes {
  minutes: number;
  /** What bare rrweb posts: its events as plain JSON, batch by batch. */
  rrwebJson: number;
  byEncoding: Record<Encoding, number>;
}

/** Bytes on the wire of one session's batches in each encoding, against bare rrweb's plain JSON. */
export function wireBytes(batches: readonly RecorderBatch[], minutes: number): WireBytes {
  const byEncoding = Object.fromEntries(ENCODINGS.map((e) => [e, 0])) as Record<Encoding, number>;
  let rrwebJson = 0;
  for (const b of batches) {
    rrwebJson += Buffer.byteLength(JSON.stringify(b.replay));
    for (const e of ENCODINGS) byEncoding[e] += encode(b, e).length;
  }
  return { minutes, rrwebJson, byEncoding };
}
