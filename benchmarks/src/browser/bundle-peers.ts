import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { rollup } from 'rollup';
import esbuild from 'rollup-plugin-esbuild';
import { BENCH_DIR, CACHE_DIR } from '../util/paths.ts';

/** The tiny entries, one per peer, bundled the way a site would ship them: minified, one IIFE each. */
export const ENTRIES = ['rrweb', 'posthog', 'sentry', 'openreplay', 'fixture-recorder'] as const;
export type EntryName = (typeof ENTRIES)[number];

const ENTRY_DIR = join(BENCH_DIR, 'src', 'browser', 'entries');
const OUT_DIR = join(CACHE_DIR, 'bundles');
const PEERS = ['posthog-js', '@sentry/browser', '@openreplay/tracker', '@rrweb/record'];

/** The entry's source, its shared helper and the peers' versions: a change to any rebuilds it. */
function cacheKey(name: EntryName): string {
  const h = createHash('sha256');
  for (const f of [`${name}.ts`, 'bench-global.ts']) h.update(readFileSync(join(ENTRY_DIR, f)));
  // Read from node_modules directly: some of these packages do not export their package.json.
  for (const p of PEERS) h.update(readFileSync(join(BENCH_DIR, 'node_modules', p, 'package.json')));
  return h.digest('hex').slice(0, 12);
}

async function build(name: EntryName, file: string): Promise<void> {
  const bundle = await rollup({
    input: join(ENTRY_DIR, `${name}.ts`),
    plugins: [
      nodeResolve({ browser: true, extensions: ['.ts', '.js', '.mjs'] }),
      commonjs(),
      esbuild({ target: 'es2020', define: { 'process.env.NODE_ENV': '"production"' } }),
      terser({ ecma: 2020, format: { comments: false } }),
    ],
    onwarn(w, warn) {
      // Bundled libraries use top-level `this` and circular imports; harmless, and not ours to fix.
      if (w.code !== 'THIS_IS_UNDEFINED' && w.code !== 'CIRCULAR_DEPENDENCY') warn(w);
    },
  });
  const tmp = `${file}.${process.pid}.tmp`;
  await bundle.write({ file: tmp, format: 'iife', inlineDynamicImports: true });
  await bundle.close();
  renameSync(tmp, file);
}

/** Bundles every entry (cached between runs) and answers each one's file. */
export async function bundlePeers(log: (s: string) => void): Promise<Record<EntryName, string>> {
  mkdirSync(OUT_DIR, { recursive: true });
  const out = {} as Record<EntryName, string>;
  for (const name of ENTRIES) {
    const file = join(OUT_DIR, `${name}.${cacheKey(name)}.js`);
    if (!existsSync(file)) {
      log(`bundling ${name}...`);
      await build(name, file);
    }
    out[name] = file;
  }
  return out;
}
