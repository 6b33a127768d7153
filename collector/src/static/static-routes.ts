import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppEnv } from '../http/caller.ts';
import { routesOn } from '../http/register-route.ts';
import { ROUTES } from '../route-table.ts';
import { viewerCsp } from './replay-csp.ts';

export interface AssetDirs {
  /** The recorder's built bundle (`recorder.js` and its lazily loaded part). */
  recorderDir?: string;
  /** The viewer's built app (`index.html` and what it loads). */
  viewerDir?: string;
  /** A site key for the demo page; the page is off without one. */
  demoSiteKey?: string;
}

/** The policy of the viewer's own files, which no replay runs under (replay-csp.ts gives the page's). */
export const VIEWER_CSP = viewerCsp([]);

const NOT_BUILT = (what: string) =>
  `${what} is not built yet: run "npx -y pnpm@10.34.8 build" at the repository's root.`;

/**
 * The recorder's bundle for pages on any origin, the demo page, and the viewer's single-page app.
 * `pagePolicy` gives the viewer page's Content-Security-Policy for the request: it decides where a
 * replay may fetch from, so it is built per tenant (replay-csp.ts).
 */
export function staticRoutes(
  dirs: AssetDirs,
  pagePolicy: (c: Context) => Promise<string> = async () => VIEWER_CSP,
): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const on = routesOn(app);
  for (const [file, spec] of [
    ['recorder.js', ROUTES.recorderBundle],
    ['recorder-rrweb.js', ROUTES.recorderRrwebBundle],
    ['recorder-cobrowse.js', ROUTES.recorderCobrowseBundle],
  ] as const) {
    on(spec, async (c, next) => {
      if (!dirs.recorderDir || !existsSync(join(dirs.recorderDir, file))) return c.text(NOT_BUILT('the recorder'), 503);
      // Pages on other origins load the recorder; a short cache lets a release reach them soon.
      c.header('Cache-Control', 'public, max-age=300');
      c.header('Access-Control-Allow-Origin', '*');
      return serveStatic({ root: dirs.recorderDir, path: file })(c, next);
    });
  }

  if (dirs.demoSiteKey) {
    on(ROUTES.demoPage, (c) => c.html(demoPage(dirs.demoSiteKey!)));
  }

  if (dirs.viewerDir) {
    const viewerDir = dirs.viewerDir;
    app.use('/viewer/*', async (c, next) => {
      c.header('Content-Security-Policy', VIEWER_CSP);
      return serveStatic({ root: viewerDir, rewriteRequestPath: (p) => p.replace(/^\/viewer/, '') })(c, next);
    });
    // The viewer is one page: its own routes (/sessions/..., /logs/...) all load index.html.
    on(ROUTES.viewerPages, async (c, next) => {
      const index = join(viewerDir, 'index.html');
      if (c.req.path.startsWith('/v1/') || !(c.req.header('accept') ?? '').includes('text/html')) return next();
      if (!existsSync(index)) return c.text(NOT_BUILT('the viewer'), 503);
      c.header('Content-Security-Policy', await pagePolicy(c));
      c.header('X-Content-Type-Options', 'nosniff');
      // The policy depends on who is signed in.
      c.header('Cache-Control', 'no-store');
      c.header('Vary', 'Cookie');
      return c.html(readFileSync(index, 'utf8'));
    });
  }
  return app;
}

/** A small shop page to try the recorder on: clicks, a form with a password, scrolling, navigation. */
function demoPage(siteKey: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Loupe demo shop</title>
<script src="/recorder.js" data-key="${siteKey}" defer></script>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}section{min-height:60vh}button{padding:.5rem 1rem}</style>
</head><body>
<h1>Loupe demo shop</h1>
<p>Everything you do on this page is recorded by Loupe's recorder. Open the viewer at <a href="/">/</a> to replay it.</p>
<nav><a href="#cart" id="to-cart">Cart</a> · <a href="#checkout" id="to-checkout">Checkout</a></nav>
<section id="products"><h2>Products</h2><button id="add-lamp" name="add-lamp">Add lamp to cart</button> <button id="add-desk" name="add-desk">Add desk to cart</button>
<p id="help">Select this text to see a SELECTION event.</p></section>
<section id="checkout"><h2>Checkout</h2>
<form id="checkout-form" name="checkout" onsubmit="event.preventDefault(); this.querySelector('output').textContent='Thank you!'">
<label>E-mail <input name="email" type="email" autocomplete="off"></label><br>
<label>Password <input name="password" type="password" autocomplete="off"></label><br>
<button type="submit">Pay</button> <output></output></form></section>
</body></html>`;
}
