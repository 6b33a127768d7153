import { DOM_GLOBAL, type WithDomModule } from '../replay/dom-global.ts';

/** Whether this browser compresses natively (Chrome 80, Firefox 113, Safari 16.4 and later). */
export const canGzip = () => typeof CompressionStream === 'function';

/** Gzips text with CompressionStream on this thread; the collector recognises gzip by its magic bytes. */
export function gzipHere(text: string): Promise<Blob> {
  return new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'))).blob();
}

/** Gzips text: in the rrweb chunk's Worker once the chunk is there (gzip-worker.ts), else here. */
export const gzip = (text: string): Promise<Blob> =>
  ((globalThis as WithDomModule)[DOM_GLOBAL]?.gzip ?? gzipHere)(text);
