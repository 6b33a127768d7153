import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildUnderLock } from '@loupe/testkit/build-lock';
import { rollup, type OutputOptions, type RollupOptions } from 'rollup';
import { bytes, num } from '../report/format.ts';
import type { Figure, Goal, Section } from '../report/figure.ts';
import { REPO_DIR, VIEWER_DIST } from '../util/paths.ts';
import { measureViewer, type ViewerSizes } from './measure-viewer.ts';

export const VIEWER_SIZE_TITLE = '6. Viewer size';
/** Issue 17: the viewer stays small; what every page loads (viewer.js) stays under 25 KiB gzipped. */
const MAIN_GOAL: Goal = { op: '<=', target: 25, text: '≤ 25 KiB gzip' };
/** uPlot 1.6.32 is about 23 KiB gzipped: a chart chunk past 30 KiB would be another library. */
const CHARTS_GOAL: Goal = { op: '<=', target: 30, text: '≤ 30 KiB gzip' };
/** Charts only where they are shown: in their own chunk, in no other script. */
const CHARTS_ALONE_GOAL: Goal = { op: '<=', target: 0, text: '0 (charts only in their chunk)' };
const MAIN_FIGURE = 'viewer.js (what every page loads), gzip';
const CHARTS_FIGURE = 'chart library chunk (uPlot), gzip';
const CHARTS_ALONE_FIGURE = 'scripts besides its own chunk that hold the chart library';
export const VIEWER_SIZE_FIGURES = [
  { name: MAIN_FIGURE, goal: MAIN_GOAL },
  { name: CHARTS_FIGURE, goal: CHARTS_GOAL },
  { name: CHARTS_ALONE_FIGURE, goal: CHARTS_ALONE_GOAL },
];

const VIEWER_ROOT = join(REPO_DIR, 'viewer');
const kib = (b: number) => b / 1024;

/** Builds the viewer from its sources with its own rollup config (under the tests' build lock), so the sizes are of this checkout. */
async function buildViewer(): Promise<void> {
  let built = false;
  await buildUnderLock(
    join(VIEWER_ROOT, '.build-lock'),
    () => !built,
    async () => {
      const config = (await import(pathToFileURL(join(VIEWER_ROOT, 'rollup.config.mjs')).href))
        .default as RollupOptions & { output: OutputOptions };
      const bundle = await rollup({ ...config, logLevel: 'warn' });
      try {
        await bundle.write(config.output);
      } finally {
        await bundle.close();
      }
      built = true;
    },
  );
}

/** The section of RESULTS.md for sizes measured in a built viewer. */
export function viewerSizeSection(s: ViewerSizes): Section {
  const charts = s.chunks.filter((c) => c.charts);
  const chartChunk = charts.find((c) => c.name.startsWith('uPlot')) ?? charts[0];
  const elsewhere = [s.main, ...s.chunks].filter((c) => c.charts && c !== chartChunk).length;
  const figures: Figure[] = [
    { name: MAIN_FIGURE, value: kib(s.main.gzip), unit: 'KiB', goal: MAIN_GOAL },
    chartChunk
      ? { name: CHARTS_FIGURE, value: kib(chartChunk.gzip), unit: 'KiB', goal: CHARTS_GOAL }
      : {
          name: CHARTS_FIGURE,
          value: null,
          unit: '',
          notMeasured: 'no chunk holds the chart library',
          goal: CHARTS_GOAL,
        },
    { name: CHARTS_ALONE_FIGURE, value: elsewhere, unit: '', display: String(elsewhere), goal: CHARTS_ALONE_GOAL },
    { name: 'viewer.css, gzip', value: kib(s.css.gzip), unit: 'KiB' },
    ...s.chunks.map((c) => ({ name: `lazy chunk ${c.name}, gzip`, value: kib(c.gzip), unit: 'KiB' })),
  ];
  const rows = [s.main, ...s.chunks].map(
    (c) =>
      `| ${c.name} | ${bytes(c.raw)} | ${bytes(c.gzip)} | ${[c.charts ? 'charts' : '', c.rrweb ? 'rrweb' : ''].filter(Boolean).join(', ') || '—'} |`,
  );
  const total = [s.main, ...s.chunks].reduce((a, c) => a + c.gzip, 0);
  return {
    title: VIEWER_SIZE_TITLE,
    figures,
    tables: [['| script | minified | gzip | holds |', '|---|---|---|---|', ...rows].join('\n')],
    notes: [
      `The viewer built from this checkout with its own rollup config (viewer/rollup.config.mjs); sizes are of viewer/dist, gzip level 9. Every script together is ${bytes(total)} gzipped; a page loads viewer.js and only the chunks it needs (rrweb's replayer with a replay, uPlot with the overview, each issue-17 page its own).`,
      `Chunk names are rollup's without their content hash. "Holds charts" means uPlot's own class names (u-legend) are in the file; "rrweb" its name. ${num(s.chunks.length)} lazy chunks.`,
    ],
  };
}

export async function viewerSizeBench(log: (s: string) => void): Promise<Section> {
  log('viewer size: building the viewer...');
  await buildViewer();
  return viewerSizeSection(measureViewer(VIEWER_DIST));
}
