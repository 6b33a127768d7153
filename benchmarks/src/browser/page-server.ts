import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BENCH_DIR, PYTHON_DOCS, RECORDER_DIST } from '../util/paths.ts';
import { inspectPost } from './snapshot-counter.ts';
import { stubAnswer } from './stub-answers.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** Where each URL prefix is served from: the docs, our peer bundles, Loupe's recorder, PostHog's lazy parts. */
export interface Mounts {
  bundles: Record<string, string>;
}

/** What was sent to the stub endpoints and which scripts the page fetched, since the last reset. */
export interface Traffic {
  requests: number;
  bodyBytes: number;
  byPath: Record<string, number>;
  scripts: Set<string>;
  /** What Loupe and bare rrweb posted, decoded (see snapshot-counter.ts). */
  fullSnapshots: number;
  recorderMessages: string[];
}

export interface PageServer {
  origin: string;
  traffic(): Traffic;
  reset(): void;
  /** The gzipped size of a script the server serves, by its URL path. */
  gzippedSize(path: string): number;
  close(): Promise<void>;
}

const POSTHOG_DIST = join(BENCH_DIR, 'node_modules', 'posthog-js', 'dist');

/** Resolves a URL path under a folder, refusing anything that climbs out of it. */
function under(root: string, rel: string): string | null {
  const p = normalize(join(root, decodeURIComponent(rel)));
  return p.startsWith(root) && existsSync(p) && statSync(p).isFile() ? p : null;
}

/** The page with the recorder's tag put first in <head>, where each vendor says to put it. */
export function withScript(html: string, tag: string): string {
  return tag ? html.replace(/<head([^>]*)>/i, (m) => `${m}\n${tag}`) : html;
}

/**
 * Serves the Python docs on loopback with a recorder injected (`?recorder=<tag id>`), and answers
 * every peer's collection endpoints as a stub that counts the bytes posted to it. One origin for
 * page and endpoints, so no peer pays for CORS preflights the others do not.
 */
export async function startPageServer(
  mounts: Mounts,
  tags: (variant: string, origin: string) => string,
): Promise<PageServer> {
  const empty = (): Traffic => ({
    requests: 0,
    bodyBytes: 0,
    byPath: {},
    scripts: new Set(),
    fullSnapshots: 0,
    recorderMessages: [],
  });
  let traffic = empty();
  const gzCache = new Map<string, number>();
  let origin = '';

  function fileFor(path: string): string | null {
    if (path.startsWith('/docs/')) return under(PYTHON_DOCS, path.slice('/docs/'.length));
    if (path.startsWith('/bench/')) return mounts.bundles[path.slice('/bench/'.length).replace(/\.js$/, '')] ?? null;
    if (path.startsWith('/loupe/')) return under(RECORDER_DIST, path.slice('/loupe/'.length));
    if (path.startsWith('/static/')) return under(POSTHOG_DIST, path.slice('/static/'.length));
    return null;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const size = chunks.reduce((n, c) => n + c.length, 0);
    const file = req.method === 'GET' ? fileFor(url.pathname) : null;
    if (file) {
      if (extname(file) === '.js' && !url.pathname.startsWith('/docs/')) traffic.scripts.add(url.pathname);
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      if (url.pathname.endsWith('.html') && url.searchParams.has('recorder')) {
        const html = withScript(readFileSync(file, 'utf8'), tags(url.searchParams.get('recorder')!, origin));
        res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' }).end(html);
        return;
      }
      res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      createReadStream(file).pipe(res);
      return;
    }
    const answer = stubAnswer(req.method ?? 'GET', url.pathname);
    if (answer) {
      traffic.requests++;
      traffic.bodyBytes += size;
      const key = url.pathname.replace(/\d{6,}/g, 'N');
      traffic.byPath[key] = (traffic.byPath[key] ?? 0) + size;
      if (req.method === 'POST') {
        const seen = inspectPost(url.pathname, Buffer.concat(chunks));
        traffic.fullSnapshots += seen.fullSnapshots;
        traffic.recorderMessages.push(...seen.recorderMessages);
      }
      res.writeHead(answer.status, { 'Content-Type': answer.type ?? 'text/plain' }).end(answer.body);
      return;
    }
    res.writeHead(404).end('not found');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(e));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    traffic: () => traffic,
    reset: () => {
      traffic = empty();
    },
    gzippedSize(path) {
      let n = gzCache.get(path);
      if (n === undefined) {
        const file = fileFor(path);
        n = file ? gzipSync(readFileSync(file), { level: 9 }).length : 0;
        gzCache.set(path, n);
      }
      return n;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
