import type { RecordDom } from './record-dom.ts';

/**
 * The name under which the separately loaded rrweb script hands `recordDom` to the loader. The
 * version in it changes whenever the interface between the two does, so a cached loader never
 * drives a newer, incompatible chunk (the loader also asks for the chunk of its own version).
 */
export const DOM_GLOBAL = '__loupe_dom_v1';

export interface DomModule {
  recordDom: RecordDom;
}

export type WithDomModule = typeof globalThis & { [DOM_GLOBAL]?: DomModule };
