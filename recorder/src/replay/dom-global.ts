import type { ControlDom } from './dom-control.ts';
import type { RecordDom } from './record-dom.ts';

/**
 * The name under which the separately loaded rrweb script hands its module to the loader. The
 * version in it changes whenever the interface between the two does, so a cached loader never
 * drives a newer, incompatible chunk (the loader also asks for the chunk of its own version).
 * v2: the chunk also holds the code that drives rrweb (pausing, storms), `controlDom`.
 * v3: `controlDom` takes the loader's state as an object; the chunk offers `gzip` in a Worker.
 */
export const DOM_GLOBAL = '__loupe_dom_v3';

export interface DomModule {
  recordDom: RecordDom;
  controlDom: ControlDom;
  /** Gzip in a Worker (gzip-worker.ts); the loader's batches use it once the chunk is there. */
  gzip?: (text: string) => Promise<Blob>;
}

export type WithDomModule = typeof globalThis & { [DOM_GLOBAL]?: DomModule };
