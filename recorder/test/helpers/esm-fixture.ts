import { build } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Bundles `test/fixtures/<name>.ts` as a site's bundler would (`import … from '@loupe/recorder'`,
 * rrweb behind a dynamic import becoming a chunk of its own) into a fresh folder, and answers it.
 */
export async function bundleEsmFixture(name: string): Promise<string> {
  const outdir = mkdtempSync(join(tmpdir(), `loupe-${name}-`));
  await build({
    entryPoints: [join(import.meta.dirname, '..', 'fixtures', `${name}.ts`)],
    bundle: true,
    splitting: true,
    format: 'esm',
    target: 'es2020',
    outdir,
    logLevel: 'silent',
  });
  return outdir;
}
