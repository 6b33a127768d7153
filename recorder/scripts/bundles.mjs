// The rollup configuration of both browser bundles, shared by build.mjs and measure-encoding.mjs.
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import esbuild from 'rollup-plugin-esbuild';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;

/** Browsers with optional chaining and `??` natively (2020 on): no helpers, fewer bytes. */
const TARGET = 'es2020';

/** The two files the collector serves: the loader a page embeds, and rrweb, loaded when idle. */
export const BUNDLES = [
  { input: 'src/embed.ts', file: 'recorder.js' },
  { input: 'src/replay/rrweb-chunk.ts', file: 'recorder-rrweb.js' },
];

export function plugins() {
  return [
    nodeResolve({ browser: true, extensions: ['.ts', '.js', '.mjs'] }),
    commonjs(),
    esbuild({ target: TARGET, define: { __LOUPE_VERSION__: JSON.stringify(VERSION) } }),
    // Three passes and arrows for function expressions that use no `this` (safe: we construct no
    // function of our own with `new`) shave bytes off the loader; names of our own are mangled, not properties.
    terser({ ecma: 2020, compress: { passes: 3, unsafe_arrows: true }, format: { comments: false } }),
  ];
}

export const inputOptions = (input) => ({ input: join(ROOT, input), plugins: plugins(), treeshake: { moduleSideEffects: 'no-external' } });
export const outputOptions = (file) => ({ file, format: 'iife', sourcemap: true, banner: `/*! Loupe recorder ${VERSION} */` });
