import {
  BATCH_TABLE,
  COBROWSE_TABLE,
  REPLAY_TABLE,
  toBatchRow,
  toCobrowseRow,
  toReplayChunkRow,
  type RecorderBatch,
} from '@loupe/schemas';

/** The tenant every bench row belongs to: the collector's default one, so its routes read them. */
export const BENCH_TENANT = 'default';

/** Tables in the order RecorderSink writes a batch: its rows first, its receipt last. */
export const RECORDER_TABLES = [COBROWSE_TABLE, REPLAY_TABLE, BATCH_TABLE] as const;

/** The rows RecorderSink writes for these batches, per table, with the collector's own mappings. */
export function recorderRows(
  batches: Iterable<RecorderBatch>,
  into: Record<string, object[]> = {},
): Record<string, object[]> {
  for (const t of RECORDER_TABLES) into[t] ??= [];
  for (const b of batches) {
    for (const [i, e] of b.events.entries()) into[COBROWSE_TABLE]!.push(toCobrowseRow(BENCH_TENANT, b, e, i));
    const chunk = toReplayChunkRow(BENCH_TENANT, b, b.replay);
    if (chunk) into[REPLAY_TABLE]!.push(chunk);
    // Received 50 ms after it was sent, about what loopback takes.
    into[BATCH_TABLE]!.push(toBatchRow(BENCH_TENANT, b, b.sentAt + 50));
  }
  return into;
}
