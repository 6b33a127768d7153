// Which modules the loader (or another entry) is made of, and how much of it each takes before
// minification: `node scripts/module-sizes.mjs [src/embed.ts]`. For keeping the loader under 8 KB.
import { rollup } from 'rollup';
import { inputOptions } from './bundles.mjs';
const input = process.argv[2] ?? 'src/embed.ts';
const b = await rollup({ ...inputOptions(input), onwarn: () => {} });
const { output } = await b.generate({ format: 'iife' });
const mods = Object.entries(output[0].modules)
  .map(([k, v]) => [v.renderedLength, k.replace(/.*\/(recorder|schemas)\//, '$1/')])
  .sort((a, b) => b[0] - a[0]);
for (const [n, k] of mods.slice(0, 45)) console.log(n, k);
