import { undoAll } from '../util/listen.ts';

/**
 * Calls `after` once `history.pushState` or `replaceState` has run, and answers the restore. If
 * another script wrapped the method after us, restoring would remove its wrapper too, so ours is
 * then left in place as a plain pass-through.
 */
export function patchHistory(after: () => void): () => void {
  return undoAll(
    (['pushState', 'replaceState'] as const).map((name) => {
      const original = history[name];
      // biome-ignore lint/suspicious/noPrototypeBuiltins: Object.hasOwn is ES2022; the recorder targets ES2020 browsers
      const own = Object.prototype.hasOwnProperty.call(history, name);
      let active = true;
      const patched = function (this: History, ...args: Parameters<History['pushState']>) {
        const result = original.apply(this, args);
        if (active) {
          try {
            after();
          } catch {
            // `after` reports its own errors; the page's navigation must go on regardless.
          }
        }
        return result;
      };
      history[name] = patched;
      return () => {
        active = false;
        if (history[name] !== patched) return;
        if (own) history[name] = original;
        else delete (history as Partial<History>)[name]; // back to the prototype's own method
      };
    }),
  );
}
