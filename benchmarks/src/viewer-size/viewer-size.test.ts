import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verdictOf } from '../report/figure.ts';
import { renderResults } from '../report/render-results.ts';
import { chunkName, measureViewer } from './measure-viewer.ts';
import { VIEWER_SIZE_TITLE, viewerSizeSection } from './viewer-size-bench.ts';

/** A dist/ as rollup writes it: viewer.js, chunks/<name>-<hash>.js, viewer.css. */
function fakeDist(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'viewer-size-'));
  mkdirSync(join(dir, 'chunks'));
  writeFileSync(join(dir, 'viewer.css'), 'body{margin:0}');
  for (const [f, body] of Object.entries(files)) writeFileSync(join(dir, f), body);
  return dir;
}

describe('the viewer size bench', () => {
  it('names chunks without their hash', () => {
    expect(chunkName('overview-page-Bx3_a-9Q.js')).toBe('overview-page');
    expect(chunkName('uPlot.esm-DdJ0r8Yc.js')).toBe('uPlot.esm');
  });

  it('passes a small main bundle with the charts in their own chunk', () => {
    const dist = fakeDist({
      'viewer.js': 'import("./chunks/overview-page-aaaaaaaa.js")'.repeat(100),
      'chunks/uPlot.esm-bbbbbbbb.js': 'class u-legend {}'.repeat(100),
      'chunks/overview-page-aaaaaaaa.js': 'import("./uPlot.esm-bbbbbbbb.js")',
    });
    const s = viewerSizeSection(measureViewer(dist));
    expect(s.figures.slice(0, 3).map(verdictOf)).toEqual(['PASS', 'PASS', 'PASS']);
    expect(s.figures.map((f) => f.name)).toContain('lazy chunk overview-page, gzip');
    expect(
      renderResults(
        {
          command: 'x',
          quick: false,
          startedAt: new Date(0),
          durationMs: 1,
          machine: { cores: 2, cpuModel: 'Test CPU', memoryGiB: 4, os: 'Linux', node: 'v20', chromium: 'Chromium' },
        },
        [s],
      ),
    ).toContain(`## ${VIEWER_SIZE_TITLE}`);
  });

  it('misses a main bundle past 25 KiB gzipped, and charts that leak into another script', () => {
    const dist = fakeDist({
      // Random bytes do not compress: 30 KiB stays about 30 KiB gzipped.
      'viewer.js': randomBytes(30 * 1024),
      'chunks/uPlot.esm-bbbbbbbb.js': 'u-legend',
      'chunks/overview-page-aaaaaaaa.js': 'u-legend copied in',
    });
    const s = viewerSizeSection(measureViewer(dist));
    expect(s.figures[0]!.value).toBeGreaterThan(25);
    expect(verdictOf(s.figures[0]!)).toBe('MISS');
    expect(s.figures[2]!.value).toBe(1);
    expect(verdictOf(s.figures[2]!)).toBe('MISS');
  });
});
