import { DOM_GLOBAL, type DomModule, type WithDomModule } from './dom-global.ts';

/**
 * Loads the rrweb chunk with a classic script tag, not `import()`: a module script from the
 * collector's origin would need CORS headers on the file, a classic one does not. The tag carries
 * the loader's CSP nonce, if it had one.
 */
export function loadDomScript(src: string, nonce: string | undefined): Promise<DomModule> {
  const ready = () => (globalThis as WithDomModule)[DOM_GLOBAL];
  return new Promise((resolve, reject) => {
    const loaded = ready();
    if (loaded) return resolve(loaded);
    const script = document.createElement('script');
    script.src = src;
    script.async = true;
    if (nonce) script.nonce = nonce;
    script.onload = script.onerror = () => {
      script.remove();
      const m = ready();
      if (m) resolve(m);
      else reject(new Error(`could not load ${src}`));
    };
    (document.head ?? document.documentElement).appendChild(script);
  });
}
