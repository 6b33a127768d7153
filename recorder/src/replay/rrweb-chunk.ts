// The entry of dist/recorder-rrweb.js, loaded by the script-tag recorder once the page is idle.
// Registering itself is this file's only job, hence the one side effect at load.
import { watchJoins } from '../cobrowse/watch-joins.ts';
import { controlDom, recordDom } from './dom-control.ts';
import type { ControlDom } from './dom-control.ts';
import { DOM_GLOBAL, type WithDomModule } from './dom-global.ts';
import { gzipInWorker } from './gzip-worker.ts';

// The co-browse chunk lies beside this one; it is loaded only when an agent asks to join.
const script = document.currentScript as HTMLScriptElement | null;
const cobrowseSrc = script?.src.replace(/recorder-rrweb\.js/, 'recorder-cobrowse.js');

/** DOM recording, and (from the script tag) the watch for join requests while it runs. */
const control: ControlDom = (rec, d, state) => {
  const ctl = controlDom(rec, d, state);
  if (!cobrowseSrc) return ctl;
  const off = watchJoins(cobrowseSrc, script?.nonce || undefined, { maskInput: d.config.maskInput, report: d.report });
  return { ...ctl, stop: () => (off(), ctl.stop()) };
};

(globalThis as WithDomModule)[DOM_GLOBAL] = { recordDom, controlDom: control, gzip: gzipInWorker() };
