// The entry of dist/recorder-rrweb.js, loaded by the script-tag recorder once the page is idle.
// Registering itself is this file's only job, hence the one side effect at load.
import { controlDom, recordDom } from './dom-control.ts';
import { DOM_GLOBAL, type WithDomModule } from './dom-global.ts';
import { gzipInWorker } from './gzip-worker.ts';

(globalThis as WithDomModule)[DOM_GLOBAL] = { recordDom, controlDom, gzip: gzipInWorker() };
