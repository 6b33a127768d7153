import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface ScriptSize {
  /** The chunk's name without its content hash (`overview-page`), or `viewer.js` for the main bundle. */
  name: string;
  file: string;
  raw: number;
  gzip: number;
  /** Holds uPlot (its own class names) or rrweb's replayer. */
  charts: boolean;
  rrweb: boolean;
}

export interface ViewerSizes {
  main: ScriptSize;
  css: { raw: number; gzip: number };
  chunks: ScriptSize[];
}

/** Rollup's `[name]-[hash].js`: the hash is the last eight characters before `.js`. */
export const chunkName = (file: string) => file.replace(/-[A-Za-z0-9_-]{8}\.js$/, '');

function sizeOf(dir: string, file: string, name: string): ScriptSize {
  const text = readFileSync(join(dir, file));
  const s = text.toString('utf8');
  // gzip -9, as a server's static compression would send it; the figures are what a browser downloads.
  return {
    name,
    file,
    raw: text.length,
    gzip: gzipSync(text, { level: 9 }).length,
    charts: s.includes('u-legend'),
    rrweb: s.includes('rrweb'),
  };
}

/** Every script of a built viewer (dist/): the main bundle, each lazily loaded chunk, and the stylesheet. */
export function measureViewer(dist: string): ViewerSizes {
  const chunksDir = join(dist, 'chunks');
  const chunks = readdirSync(chunksDir)
    .filter((f) => f.endsWith('.js'))
    .map((f) => sizeOf(chunksDir, f, chunkName(f)))
    .sort((a, b) => b.gzip - a.gzip);
  const css = readFileSync(join(dist, 'viewer.css'));
  return {
    main: sizeOf(dist, 'viewer.js', 'viewer.js'),
    css: { raw: css.length, gzip: gzipSync(css, { level: 9 }).length },
    chunks,
  };
}
