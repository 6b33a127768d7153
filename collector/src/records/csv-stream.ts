import { MAX_PAGE_SIZE, type Page } from '../storage/queries/page.ts';
import { UTF8_BOM, csvLine } from './csv.ts';

/** Rows per query while streaming an export: the largest page a read allows. */
export const EXPORT_PAGE_ROWS = MAX_PAGE_SIZE;

/**
 * Streams a CSV page by page through keyset pagination, so an export of any size holds at most
 * one page in memory, and stops reading when the client goes away.
 */
export function csvStream<T>(
  header: readonly string[],
  cells: (item: T) => string[],
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  o: { bom?: boolean } = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: string | undefined;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode((o.bom ? UTF8_BOM : '') + csvLine(header)));
        return;
      }
      const page = await fetchPage(cursor);
      if (page.items.length) controller.enqueue(encoder.encode(page.items.map((i) => csvLine(cells(i))).join('')));
      if (page.next) cursor = page.next;
      else controller.close();
    },
  });
}
