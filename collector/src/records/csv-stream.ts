import { UTF8_BOM, csvLine } from './csv.ts';

/**
 * Streams a CSV from batches of items as they come (one export query's blocks), so an export holds
 * one block in memory at a time, and stops reading when the client goes away.
 */
export function csvStream<T>(
  header: readonly string[],
  cells: (item: T) => string[],
  batches: AsyncIterable<T[]>,
  o: { bom?: boolean } = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const it = batches[Symbol.asyncIterator]();
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode((o.bom ? UTF8_BOM : '') + csvLine(header)));
        return;
      }
      for (;;) {
        const next = await it.next();
        if (next.done) {
          controller.close();
          return;
        }
        if (next.value.length === 0) continue;
        controller.enqueue(encoder.encode(next.value.map((i) => csvLine(cells(i))).join('')));
        return;
      }
    },
    async cancel() {
      await it.return?.();
    },
  });
}
