import type { RecorderOptions } from './options.ts';
import { startRecorder } from './recorder.ts';
import type { Recording } from './recording.ts';
import { DOM_GLOBAL, type WithDomModule } from './replay/dom-global.ts';

/**
 * Starts the recorder (the ESM entry, for bundlers). rrweb comes through a dynamic import, so a
 * bundler splits it into a chunk of its own that loads once the page is idle.
 *
 *     const stop = start({ endpoint: 'https://collector.example', key: 'SITE_KEY' });
 */
export function start(options: RecorderOptions): Recording {
  // The chunk registers itself as the script tag's does, with its gzip Worker.
  return startRecorder(options, {
    loadDom: () => import('./replay/rrweb-chunk.ts').then(() => (globalThis as WithDomModule)[DOM_GLOBAL]!),
  });
}
