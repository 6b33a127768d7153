import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureViewerBuilt, VIEWER_DIST } from './support/viewer-build.ts';

/** The app's own code, what every page loads, stays small: rrweb is a separate chunk loaded by replays only. */
const MAX_APP_GZIP_BYTES = 25 * 1024;

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
    expect(readdirSync(join(VIEWER_DIST, 'chunks')).filter((f) => f.endsWith('.js'))).toHaveLength(1);
    expect(app.toString()).not.toContain('rrweb');
  });

  it('never parses data as HTML or code, and ships no validation library', () => {
    const app = readFileSync(join(VIEWER_DIST, 'viewer.js'), 'utf8');
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
