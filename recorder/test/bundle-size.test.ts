import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOADER, RRWEB_CHUNK, ensureBundle } from './helpers/bundle.ts';

/**
 * Ceilings set from measurement (README.md, "Size") with about 10% headroom: the loader is what
 * every page view pays before anything else, so growth there has to be a decision, not drift.
 */
const LOADER_MAX_GZIP = 9_200;
const RRWEB_MAX_GZIP = 24_500;

/** What must never reach the loader: the collector's validation, the lazily loaded rrweb, msgpack. */
const NOT_IN_LOADER = ['zod', 'ZodError', 'msgpackr', '__rrweb_original__', 'rr-block', 'rrweb-snapshot', 'MutationObserver'];

const gzipped = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

beforeAll(() => ensureBundle());

describe('bundle size', () => {
  it(`keeps the loader under ${LOADER_MAX_GZIP} bytes gzipped`, () => {
    expect(gzipped(LOADER)).toBeLessThanOrEqual(LOADER_MAX_GZIP);
  });

  it(`keeps the rrweb chunk under ${RRWEB_MAX_GZIP} bytes gzipped`, () => {
    expect(gzipped(RRWEB_CHUNK)).toBeLessThanOrEqual(RRWEB_MAX_GZIP);
  });

  it('ships no validation library, rrweb or msgpack in the loader', () => {
    const code = readFileSync(LOADER, 'utf8');
    for (const name of NOT_IN_LOADER) expect(code, name).not.toContain(name);
  });

  it('ships no validation library in the rrweb chunk either', () => {
    const code = readFileSync(RRWEB_CHUNK, 'utf8');
    for (const name of ['zod', 'ZodError', 'msgpackr']) expect(code, name).not.toContain(name);
  });
});
