import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureViewerBuilt, VIEWER_DIST } from './support/viewer-build.ts';

/** The app's own code, what every page loads, stays small: rrweb is a separate chunk loaded by replays only. */
const MAX_APP_GZIP_BYTES = 25 * 1024;
/** uPlot 1.6.32 is about 23 KiB gzipped; a chart library twice that would be a mistake. */
const MAX_CHART_GZIP_BYTES = 30 * 1024;

const chunks = () => readdirSync(join(VIEWER_DIST, 'chunks')).filter((f) => f.endsWith('.js'));

beforeAll(() => ensureViewerBuilt());

describe('the built viewer', () => {
  it('is one page that loads its script and styles from /viewer/, with nothing inline for the CSP to refuse', () => {
    const html = readFileSync(join(VIEWER_DIST, 'index.html'), 'utf8');
    expect(html).toContain('<script type="module" src="/viewer/viewer.js"></script>');
    expect(html).toContain('<link rel="stylesheet" href="/viewer/viewer.css">');
    expect(html.match(/<script/g)?.length).toBe(1);
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });

  it('keeps the app small and rrweb in a chunk of its own', () => {
    const app = readFileSync(join(VIEWER_DIST, 'viewer.js'));
    expect(gzipSync(app).length).toBeLessThan(MAX_APP_GZIP_BYTES);
    expect(chunks().filter((f) => readFileSync(join(VIEWER_DIST, 'chunks', f), 'utf8').includes('rrweb'))).toEqual([
      expect.stringMatching(/^replay-/),
    ]);
    expect(app.toString()).not.toContain('rrweb');
  });

  it('loads uPlot only with the overview: a chunk of its own, small, in no other script', () => {
    // uPlot's own marker class names; nothing else in the viewer uses them.
    const withUPlot = [...chunks().map((f) => join('chunks', f)), 'viewer.js'].filter((f) =>
      readFileSync(join(VIEWER_DIST, f), 'utf8').includes('u-legend'),
    );
    expect(withUPlot).toEqual([expect.stringMatching(/^chunks\/uPlot/)]);
    expect(gzipSync(readFileSync(join(VIEWER_DIST, withUPlot[0]!))).length).toBeLessThan(MAX_CHART_GZIP_BYTES);
    // The overview page's own chunk asks for it; viewer.js only knows the page's chunk.
    const overview = chunks().find((f) => f.startsWith('overview-page-'))!;
    expect(readFileSync(join(VIEWER_DIST, 'chunks', overview), 'utf8')).toContain(
      withUPlot[0]!.slice('chunks/'.length),
    );
    expect(readFileSync(join(VIEWER_DIST, 'viewer.js'), 'utf8')).not.toContain('uPlot');
  });

  it('never parses data as HTML or code, and ships no validation library', () => {
    // Every script but rrweb's, whose replayer rebuilds recorded pages in its sandboxed iframe.
    const ours = [
      'viewer.js',
      ...chunks()
        .filter((f) => !f.startsWith('replay-'))
        .map((f) => join('chunks', f)),
    ];
    const app = ours.map((f) => readFileSync(join(VIEWER_DIST, f), 'utf8')).join('\n');
    for (const sink of [
      'innerHTML',
      'outerHTML',
      'insertAdjacentHTML',
      'document.write',
      'eval(',
      'new Function',
      'createContextualFragment',
      'zod',
    ]) {
      expect(app, sink).not.toContain(sink);
    }
  });
});
