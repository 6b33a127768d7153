// Builds dist/recorder.js (the embed loader) and dist/recorder-rrweb.js (the lazy rrweb part).
// Files are written beside their final place and renamed, so a test that runs while another
// builds never reads half a file.
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { rollup } from 'rollup';
import { BUNDLES, ROOT, inputOptions, outputOptions } from './bundles.mjs';

const dist = join(ROOT, 'dist');
const tmp = join(dist, `.tmp-${process.pid}`);
mkdirSync(tmp, { recursive: true });
try {
  for (const { input, file } of BUNDLES) {
    const bundle = await rollup({
      ...inputOptions(input),
      onwarn(warning, warn) {
        // rrweb's bundle uses `this` at the top level of an ES module; harmless.
        if (warning.code !== 'THIS_IS_UNDEFINED') warn(warning);
      },
    });
    await bundle.write(outputOptions(join(tmp, file)));
    await bundle.close();
  }
  for (const { file } of BUNDLES) {
    renameSync(join(tmp, `${file}.map`), join(dist, `${file}.map`));
    renameSync(join(tmp, file), join(dist, file));
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
