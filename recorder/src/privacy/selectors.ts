/** Built-in privacy markers: a class for stylesheets' sake and a data attribute for templating's. */
export const BLOCK = '.loupe-block,[data-loupe-block]';
export const MASK = '.loupe-mask,[data-loupe-mask]';
export const IGNORE = '.loupe-ignore,[data-loupe-ignore]';
export const UNMASK = '.loupe-unmask,[data-loupe-unmask]';
/** Rich-text editors are inputs too: masked with the inputs, although rrweb records them as text. */
export const EDITABLE = '[contenteditable]:not([contenteditable=false])';

/** `base` plus a site's own selector, if the browser can parse it (a typo must not break the page). */
export function withExtra(base: string, extra: string | undefined, report: (e: unknown) => void): string {
  if (!extra) return base;
  try {
    document.createDocumentFragment().querySelector(extra);
    return `${base},${extra}`;
  } catch (e) {
    report(e);
    return base;
  }
}

/** Matches the element itself and anything inside a match: rrweb's ignore checks the element only. */
export function andDescendants(selector: string): string {
  return selector
    .split(',')
    .map((s) => `${s},${s} *`)
    .join(',');
}
