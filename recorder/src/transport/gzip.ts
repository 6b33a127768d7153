/** Whether this browser compresses natively (Chrome 80, Firefox 113, Safari 16.4 and later). */
export const canGzip = () => typeof CompressionStream === 'function';

/** Gzips text off the JavaScript thread; the collector recognises gzip by its magic bytes. */
export async function gzip(text: string): Promise<Blob> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Response(stream).blob();
}
