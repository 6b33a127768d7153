// The entry of dist/recorder.js, the script sites embed:
//   <script src="https://collector.example/recorder.js" data-key="SITE_KEY" defer></script>
// Starting itself is this file's purpose, so unlike the modules it is made of it acts on load.
import { embedOptions } from './embed-options.ts';
import { startRecorder } from './recorder.ts';
import type { RecordingApi } from './recording.ts';
import { loadDomScript } from './replay/load-dom-script.ts';

declare const __LOUPE_VERSION__: string;

/** Calls a page made before the script arrived, through a stub `window.loupe = { q: [[name, args]] }`. */
type Queued = { q?: [keyof RecordingApi, unknown[]][] };
type LoupeWindow = typeof globalThis & { loupe?: Partial<RecordingApi> & Queued };

(() => {
  try {
    const script = document.currentScript as HTMLScriptElement | null;
    if (!script) throw new Error('loupe: no <script>');
    const options = embedOptions(script, __LOUPE_VERSION__);
    const recording = startRecorder(options, {
      loadDom: () => loadDomScript(options.rrwebSrc, script.nonce || undefined),
    });
    const w = globalThis as LoupeWindow;
    const queued = w.loupe?.q ?? [];
    // The methods alone (`recording` itself is also a function that stops).
    w.loupe = { ...recording };
    for (const [name, args] of queued) (recording[name] as (...a: unknown[]) => void)?.(...args);
  } catch (e) {
    console.debug('[loupe] not started:', e);
  }
})();
