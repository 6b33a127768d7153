// Builds the package's ESM entry (dist/esm/, rrweb in a chunk of its own behind a dynamic import)
// and its one declaration file (dist/index.d.ts). Everything is bundled in, the wire contract of
// @loupe/schemas, rrweb and msgpackr included, so the published package has no dependencies; the
// declarations carry the schema types the API names as plain TypeScript, so a consumer needs
// nothing else either.
// Written beside the final place and renamed, as build.mjs does.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rollup } from 'rollup';
import { dts } from 'rollup-plugin-dts';
import { ROOT, plugins } from './bundles.mjs';
import { flatSchemaTypes } from './flat-schema-types.mjs';

const ENTRY = 'src/index.ts';
const dist = join(ROOT, 'dist');
const tmp = join(dist, `.tmp-esm-${process.pid}`);
mkdirSync(tmp, { recursive: true });
const quiet = (warning, warn) => {
  // rrweb's bundle uses `this` at the top level of an ES module; harmless.
  if (warning.code !== 'THIS_IS_UNDEFINED') warn(warning);
};
try {
  const code = await rollup({ input: join(ROOT, ENTRY), plugins: plugins(ENTRY), onwarn: quiet });
  await code.write({ dir: join(tmp, 'esm'), format: 'es', sourcemap: true, chunkFileNames: '[name]-[hash].js' });
  await code.close();
  const tsconfig = join(ROOT, 'tsconfig.dts.json');
  const schemaTypes = join(tmp, 'schemas.d.ts');
  writeFileSync(schemaTypes, flatSchemaTypes(ROOT, tsconfig));
  const types = await rollup({
    input: join(ROOT, ENTRY),
    // @loupe/schemas is read from its expanded types (flat-schema-types.mjs), inlined; anything
    // else from outside would stay an import, which the package test refuses.
    plugins: [
      { name: 'flat-schemas', resolveId: (id) => (id === '@loupe/schemas' ? schemaTypes : null) },
      dts({ tsconfig }),
    ],
    onwarn: quiet,
  });
  await types.write({ file: join(tmp, 'index.d.ts'), format: 'es' });
  await types.close();
  rmSync(join(dist, 'esm'), { recursive: true, force: true });
  renameSync(join(tmp, 'esm'), join(dist, 'esm'));
  renameSync(join(tmp, 'index.d.ts'), join(dist, 'index.d.ts'));
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
