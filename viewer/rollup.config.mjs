// Builds the viewer into dist/: index.html, viewer.js (the app), chunks/ (rrweb's replayer, loaded
// only when a replay opens) and viewer.css (our styles followed by rrweb's replayer styles).
import { readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import commonjs from '@rollup/plugin-commonjs';
import resolve from '@rollup/plugin-node-resolve';
import { transform } from 'esbuild';
import esbuild from 'rollup-plugin-esbuild';

const require = createRequire(import.meta.url);
const here = (p) => fileURLToPath(new URL(p, import.meta.url));

/** Our stylesheets in cascade order; rrweb's replayer styles come last. */
const STYLES = [
  'base.css',
  'shell.css',
  'forms.css',
  'tables.css',
  'replay.css',
  'replay-log.css',
  'insights.css',
  'notes.css',
  'heatmap.css',
];

function staticFiles() {
  return {
    name: 'loupe-static-files',
    async buildStart() {
      // Chunk names carry content hashes: start clean so old chunks do not pile up in dist/.
      await rm(here('./dist'), { recursive: true, force: true });
      for (const f of STYLES) this.addWatchFile(here(`./src/styles/${f}`));
      this.addWatchFile(here('./src/index.html'));
    },
    async generateBundle() {
      const ours = await Promise.all(STYLES.map((f) => readFile(here(`./src/styles/${f}`), 'utf8')));
      const rrweb = await readFile(require.resolve('@rrweb/replay/dist/style.css'), 'utf8');
      // uPlot's own styles (under 2 kB) ship here, its script in the overview's chunk only.
      const uplot = await readFile(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');
      const css = await transform([...ours, rrweb, uplot].join('\n'), { loader: 'css', minify: true });
      this.emitFile({ type: 'asset', fileName: 'viewer.css', source: css.code });
      this.emitFile({
        type: 'asset',
        fileName: 'index.html',
        source: await readFile(here('./src/index.html'), 'utf8'),
      });
    },
  };
}

export default {
  input: here('./src/main.ts'),
  output: {
    dir: here('./dist'),
    format: 'es',
    entryFileNames: 'viewer.js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    sourcemap: true,
  },
  plugins: [
    staticFiles(),
    resolve({ browser: true, extensions: ['.ts', '.js'] }),
    commonjs(),
    esbuild({ target: 'es2022', minify: true, tsconfig: here('./tsconfig.json'), legalComments: 'none' }),
  ],
};
