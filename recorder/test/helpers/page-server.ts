import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { DIST } from './bundle.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
};

export interface PageServer {
  url: string;
  /** Every request, in order, with the time it arrived. */
  requests: { path: string; at: number }[];
  /** Folders served under a prefix, e.g. an esbuild output under /esm/. */
  mount(prefix: string, dir: string): void;
  close(): Promise<void>;
}

/**
 * Serves the test pages and the built recorder from a different origin than the collector (as
 * on a real site). `/pages/NAME.html?data-x=y` serves test/fixtures/NAME.html with the recorder's
 * script tag in place of <!--RECORDER-->, every `data-*` query parameter becoming an attribute
 * of the tag; `?noscript` leaves the tag out.
 */
export async function startPageServer(defaults: Record<string, string>): Promise<PageServer> {
  const requests: PageServer['requests'] = [];
  const mounts = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push({ path: url.pathname, at: Date.now() });
    let file: string | undefined;
    if (url.pathname === '/recorder.js' || url.pathname === '/recorder-rrweb.js') file = join(DIST, url.pathname);
    else if (url.pathname.startsWith('/pages/')) file = join(FIXTURES, normalize(url.pathname.slice('/pages/'.length)));
    for (const [prefix, dir] of mounts)
      if (url.pathname.startsWith(prefix)) file = join(dir, normalize(url.pathname.slice(prefix.length)));
    let body: Buffer;
    try {
      body = readFileSync(file ?? '/nonexistent');
    } catch {
      res.writeHead(404).end();
      return;
    }
    if (extname(file!) === '.html') body = Buffer.from(withRecorder(body.toString(), url.searchParams, defaults));
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file!)] ?? 'application/octet-stream',
      'Cache-Control': 'no-store',
    });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    mount: (prefix, dir) => void mounts.set(prefix, dir),
    close: () => new Promise((r) => server.close(() => r())),
  };
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

function withRecorder(html: string, params: URLSearchParams, defaults: Record<string, string>): string {
  if (params.has('noscript')) return html.replace('<!--RECORDER-->', '');
  const attrs = { ...defaults };
  for (const [k, v] of params) if (k.startsWith('data-')) attrs[k] = v;
  const tag = `<script src="/recorder.js" ${Object.entries(attrs)
    .map(([k, v]) => `${k}="${escapeHtml(v)}"`)
    .join(' ')} defer></script>`;
  return html.replace('<!--RECORDER-->', tag);
}
