// The rollup configuration of both browser bundles, shared by build.mjs and measure-encoding.mjs.
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import esbuild from 'rollup-plugin-esbuild';
import { rrwebSnapshotHook } from './rrweb-snapshot-hook.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;

/** Browsers with optional chaining and `??` natively (2020 on): no helpers, fewer bytes. */
const TARGET = 'es2020';

/** The two files the collector serves: the loader a page embeds, and rrweb, loaded when idle. */
export const BUNDLES = [
  { input: 'src/embed.ts', file: 'recorder.js' },
  { input: 'src/replay/rrweb-chunk.ts', file: 'recorder-rrweb.js' },
  // Loaded by the rrweb chunk only when an agent asks to join the session (co-browsing).
  { input: 'src/cobrowse/cobrowse-chunk.ts', file: 'recorder-cobrowse.js' },
];

/**
 * Property names that only the loader's own modules use, mangled in the loader (about 180 bytes
 * gzipped of its 8 KB). Never a name that crosses into the rrweb chunk (DomControlDeps, DomControl,
 * DomModule, the rrweb config), the public API and its options, what goes on the wire or into
 * storage (batches, the session in sessionStorage, IndexedDB records), nor a name the browser's
 * objects have that our code reads (entries, next, remove, body, state of history...): a wrong one
 * fails the browser tests at once, as the loader stops working.
 */
const LOADER_PROPS =
  /^(deferrals|privacy|outbox|kept|flight|zipped|stored|ls|isSecret|isIgnored|isBlocked|claim|release|isLive|heldByOther|fresh|nextSeq|expired|tooLong|renew|touch|persist|beaconAll|kick|wake|hardMaxBytes|onDrop|onFatal|onLost|finish|addEvent|addReplay|delivery|pageChange|activity|restored|fire|defer|retryAfter|hide|flush|take|tick|restore|session|save|prefix|timer|page|cancel|loadDom|bytes|db|storage|secret)$/;

export function plugins(input = '') {
  const loader = input === BUNDLES[0].input;
  return [
    nodeResolve({ browser: true, extensions: ['.ts', '.js', '.mjs'] }),
    rrwebSnapshotHook(),
    commonjs(),
    esbuild({ target: TARGET, define: { __LOUPE_VERSION__: JSON.stringify(VERSION) } }),
    // Three passes and arrows for function expressions that use no `this` (safe: we construct no
    // function of our own with `new`) shave bytes off the loader; names of our own are mangled,
    // and in the loader the properties above.
    terser({
      ecma: 2020,
      compress: {
        passes: 3,
        unsafe_arrows: true,
        ...(loader ? { unsafe: true, pure_getters: true, keep_fargs: false } : {}),
      },
      ...(loader ? { mangle: { properties: { regex: LOADER_PROPS, builtins: true } } } : {}),
      format: { comments: false },
    }),
  ];
}

export const inputOptions = (input) => ({
  input: join(ROOT, input),
  plugins: plugins(input),
  treeshake: { moduleSideEffects: 'no-external' },
});
// 'hidden': the maps are written beside the files for debugging, but the files do not point at them.
export const outputOptions = (file) => ({
  file,
  format: 'iife',
  sourcemap: 'hidden',
  banner: `/*! Loupe recorder ${VERSION} */`,
});
