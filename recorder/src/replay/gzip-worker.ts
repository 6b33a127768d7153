import { gzipHere } from '../transport/gzip.ts';

/**
 * The Worker's whole program: gzip each text it is sent with CompressionStream and answer the
 * Blob (null when that failed, and the page gzips it itself). Kept as text: a Worker must come
 * from a same-origin URL, and the recorder's files come from the collector's origin, so it is
 * started from a blob: URL.
 */
const PROGRAM = `onmessage=async({data:[id,text]})=>{let b=null;try{b=await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'))).blob()}catch{}postMessage([id,b])}`;

type Waiting = [resolve: (b: Blob) => void, reject: (e: unknown) => void, text: string];

/**
 * Gzip off the main thread: batches of a heavy page's snapshot are hundreds of kilobytes of JSON
 * each, and CompressionStream compresses on the thread that reads it. The Worker starts on first
 * use; where it cannot (a Content-Security-Policy without blob: in worker-src, no Worker), or once
 * it fails, batches are gzipped on the main thread as before. A Blob comes back by reference.
 */
export function gzipInWorker(): (text: string) => Promise<Blob> {
  let worker: Worker | null | undefined;
  let next = 0;
  const waiting = new Map<number, Waiting>();
  const here = ([resolve, reject, text]: Waiting) => void gzipHere(text).then(resolve, reject);
  const start = (): Worker | null => {
    try {
      const w = new Worker(URL.createObjectURL(new Blob([PROGRAM], { type: 'text/javascript' })));
      w.onmessage = ({ data: [id, blob] }: MessageEvent<[number, Blob | null]>) => {
        const job = waiting.get(id);
        waiting.delete(id);
        if (job && blob) job[0](blob);
        else if (job) here(job);
      };
      w.onerror = () => {
        worker = null;
        w.terminate();
        waiting.forEach(here);
        waiting.clear();
      };
      return w;
    } catch {
      return null;
    }
  };
  return (text) => {
    if (worker === undefined) worker = start();
    if (!worker) return gzipHere(text);
    return new Promise((resolve, reject) => {
      const id = next++;
      waiting.set(id, [resolve, reject, text]);
      worker!.postMessage([id, text]);
    });
  };
}
