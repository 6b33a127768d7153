import { buildUnderLock, mtime, newestFile } from '@loupe/testkit/build-lock';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIST, RECORDER_ROOT, ensureBundle } from './helpers/bundle.ts';

/**
 * What someone adopting Loupe does with the recorder: packs it (as a registry would serve it),
 * installs the tarball into a new project with plain npm and no network, and type-checks an
 * import of it under a strict tsconfig. Nothing of the workspace may be needed.
 */
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const ESM_OUTPUTS = [join(DIST, 'esm', 'index.js'), join(DIST, 'index.d.ts')];
let work: string;
let project: string;
let tarball: string;

const esmStale = () =>
  Math.min(...ESM_OUTPUTS.map(mtime)) <
  Math.max(
    newestFile(join(RECORDER_ROOT, 'src')),
    newestFile(join(RECORDER_ROOT, 'scripts')),
    mtime(join(RECORDER_ROOT, 'package.json')),
  );

const tsc = (dir: string) => spawnSync(process.execPath, [TSC, '-p', dir], { encoding: 'utf8', cwd: dir });

function writeProject(dir: string, source: string, moduleResolution: 'NodeNext' | 'Bundler') {
  writeFileSync(join(dir, 'index.ts'), source);
  const module = moduleResolution === 'NodeNext' ? 'NodeNext' : 'ESNext';
  const compilerOptions = {
    strict: true,
    noEmit: true,
    target: 'ES2022',
    module,
    moduleResolution,
    lib: ['ES2022', 'DOM'],
    types: [],
    skipLibCheck: false,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['index.ts'] }));
}

const CONSUMER = `import { start, type RecorderOptions, type Recording, type CobrowseEvent } from '@loupe/recorder';

const options: RecorderOptions = { endpoint: 'https://collector.example', key: 'SITE_KEY', user: { id: 'cust-17' } };
const recording: Recording = start(options);
recording.track('plan-chosen', 'pro');
recording.identify({ id: 'cust-17', name: 'Ada' });
const id: string | undefined = recording.sessionId();
const queued: number = recording.stats().queuedBatches;
const click: CobrowseEvent = { type: 'CLICK', ts: 1, data: { target: 'buy' } };
recording();
export { click, id, queued };
`;

beforeAll(async () => {
  ensureBundle();
  await buildUnderLock(join(DIST, '.build-lock'), esmStale, () => {
    execFileSync(process.execPath, [join(RECORDER_ROOT, 'scripts', 'build-esm.mjs')], { stdio: 'inherit' });
  });
  work = mkdtempSync(join(tmpdir(), 'loupe-pack-'));
  // Built just above: the pack's own prepack would only build the same files again.
  const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
    cwd: RECORDER_ROOT,
    encoding: 'utf8',
  });
  tarball = join(work, (JSON.parse(packed) as { filename: string }[])[0]!.filename);
  project = join(work, 'site');
  execFileSync('mkdir', [project]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'site', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], {
    cwd: project,
    encoding: 'utf8',
    env: { ...process.env, npm_config_cache: join(work, 'npm-cache') },
  });
}, 600_000);
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed @loupe/recorder', () => {
  it('passes publint, warnings included', async () => {
    const bytes = readFileSync(tarball);
    const { messages, pkg } = await publint({
      level: 'warning',
      strict: true,
      // The tarball itself, as the registry would have it (pkgDir is then its `package/` folder).
      pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer },
    });
    expect(messages.map((m) => formatMessage(m, pkg))).toEqual([]);
  });

  it('ships the builds, the types and a license, and neither sources nor tests', () => {
    const installed = join(project, 'node_modules', '@loupe', 'recorder');
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    expect(manifest.private).toBeUndefined();
    expect(manifest.license).toBe('MIT');
    expect(manifest.dependencies ?? {}).toEqual({});
    for (const f of ['LICENSE', 'dist/index.d.ts', 'dist/esm/index.js', 'dist/recorder.js', 'dist/recorder-rrweb.js']) {
      expect(existsSync(join(installed, f)), f).toBe(true);
    }
    expect(existsSync(join(installed, 'src'))).toBe(false);
    expect(existsSync(join(installed, 'test'))).toBe(false);
    // Installed alone: no other package came with it (an unpublished @loupe/schemas could not).
    expect(readdirSync(join(project, 'node_modules')).filter((d) => !d.startsWith('.'))).toEqual(['@loupe']);
    expect(readdirSync(join(project, 'node_modules', '@loupe'))).toEqual(['recorder']);
    // One declaration file of plain types: no import of anything, and no zod types expanded into it.
    const dts = readFileSync(join(installed, 'dist', 'index.d.ts'), 'utf8');
    expect(dts).not.toMatch(/from ['"]|import\(/);
    expect(dts).not.toMatch(/Zod|\$Infer/);
  });

  it.each(['NodeNext', 'Bundler'] as const)('type-checks an import under a strict tsconfig (%s)', (resolution) => {
    writeProject(project, CONSUMER, resolution);
    const r = tsc(project);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('has real types: a wrong call fails the type check', () => {
    const wrong = `import { start } from '@loupe/recorder';\nstart({ endpoint: 'e', key: 'k' }).track(1);\n`;
    writeProject(project, wrong, 'Bundler');
    const r = tsc(project);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toMatch(/index\.ts\(2,.*TS2345/);
  });

  it('loads from its exports in Node, where start() answers a no-op instead of throwing', () => {
    const script = `import('@loupe/recorder').then((m) => { const s = m.start({ endpoint: 'http://x', key: 'k' }); s(); console.log(typeof m.start, typeof s.track); })`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: project,
      encoding: 'utf8',
    });
    expect(out.trim().split('\n').pop()).toBe('function function');
  });
});
