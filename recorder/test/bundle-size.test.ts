import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { COBROWSE_CHUNK, LOADER, RRWEB_CHUNK, ensureBundle } from './helpers/bundle.ts';

/**
 * The loader is what every page view pays before anything else: the product requirement is "the
 * first script loaded at most 8 KB gzipped", so its ceiling is that requirement, not a measurement
 * plus headroom. Whatever is not needed before the page is idle belongs in the rrweb chunk, whose
 * ceiling (and the total's) is set from measurement (README.md, "Size") with about 10% headroom.
 */
const LOADER_MAX_GZIP = 8_000;
/**
 * Measured at 24,361 bytes, with about 2% headroom. It was 28,424 (over the old 27,500) once console
 * and network capture, the walk's own serialiser and the co-browse watch were in; the build then cut
 * the rrweb code Loupe's options never run (canvas/WebGL with its image Worker, fonts, cross-origin
 * iframes: scripts/rrweb-snapshot-hook.mjs), about 4 KB, so the total is back well under 36,000.
 */
const RRWEB_MAX_GZIP = 24_800;
/**
 * The co-browse part, downloaded only by a page an agent asks to join (not part of the total a
 * recorded page view pays): measured at 1,880 bytes, with about 6% headroom.
 */
const COBROWSE_MAX_GZIP = 2_000;
/** Both files together: what a recorded page view downloads in all. */
const TOTAL_MAX_GZIP = 36_000;

/** What must never reach the loader: the collector's validation, the lazily loaded rrweb, msgpack. */
const NOT_IN_LOADER = [
  'zod',
  'ZodError',
  'msgpackr',
  '__rrweb_original__',
  'rr-block',
  'rrweb-snapshot',
  'MutationObserver',
];

const gzipped = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

beforeAll(() => ensureBundle());

describe('bundle size', () => {
  it(`keeps the loader under ${LOADER_MAX_GZIP} bytes gzipped`, () => {
    expect(gzipped(LOADER)).toBeLessThanOrEqual(LOADER_MAX_GZIP);
  });

  it(`keeps the rrweb chunk under ${RRWEB_MAX_GZIP} bytes gzipped`, () => {
    expect(gzipped(RRWEB_CHUNK)).toBeLessThanOrEqual(RRWEB_MAX_GZIP);
  });

  it(`keeps the loader and the rrweb chunk together under ${TOTAL_MAX_GZIP} bytes gzipped`, () => {
    expect(gzipped(LOADER) + gzipped(RRWEB_CHUNK)).toBeLessThanOrEqual(TOTAL_MAX_GZIP);
  });

  it(`keeps the co-browse chunk under ${COBROWSE_MAX_GZIP} bytes gzipped, with no validation library or rrweb`, () => {
    expect(gzipped(COBROWSE_CHUNK)).toBeLessThanOrEqual(COBROWSE_MAX_GZIP);
    const code = readFileSync(COBROWSE_CHUNK, 'utf8');
    for (const name of ['zod', 'ZodError', 'rr-block', 'MutationObserver']) expect(code, name).not.toContain(name);
  });

  it('ships no validation library, rrweb or msgpack in the loader', () => {
    const code = readFileSync(LOADER, 'utf8');
    for (const name of NOT_IN_LOADER) expect(code, name).not.toContain(name);
  });

  it('ships no validation library in the rrweb chunk either', () => {
    const code = readFileSync(RRWEB_CHUNK, 'utf8');
    for (const name of ['zod', 'ZodError', 'msgpackr']) expect(code, name).not.toContain(name);
  });

  it("ships none of the rrweb parts Loupe's options never run (canvas Worker, WebGL, fonts, cross-origin iframes)", () => {
    const code = readFileSync(RRWEB_CHUNK, 'utf8');
    for (const name of ['OffscreenCanvas', 'WebGL', 'FontFace', 'transformCrossOriginEvent'])
      expect(code, name).not.toContain(name);
    // ...and says so if one is ever asked for, instead of silently recording nothing.
    expect(code).toContain('rrweb-snapshot-hook: option cut');
  });
});
