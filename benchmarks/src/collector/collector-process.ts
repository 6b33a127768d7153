import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { COLLECTOR_DIR } from '../util/paths.ts';
import { scratchDir } from '../util/scratch-dir.ts';

/** The admin API key and site key every bench collector is started with (the config wants ≥ 16 characters). */
export const ADMIN_KEY = 'bench-admin-key-0123456789-0123456789';
export const SITE_KEY = 'bench-site-key-0123456789-0123456789';
export const ADMIN_PASSWORD = 'bench-password-0123';

export interface CollectorProcess {
  url: string;
  dataDir: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export interface CollectorOptions {
  /** An existing data folder (tables built beforehand); a fresh temporary one when absent. */
  dataDir?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

/**
 * Starts the collector as users do (`node --import tsx src/main.ts` in collector/), on its own
 * embedded ClickHouse, and waits for its "listening on" line. Rate limits are raised: the load runs
 * send far more than one site would.
 */
export async function startCollector(o: CollectorOptions = {}): Promise<CollectorProcess> {
  const fresh = !o.dataDir;
  const dataDir = o.dataDir ?? scratchDir('collector');
  const archiveDir = scratchDir('archive');
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: COLLECTOR_DIR,
    env: {
      ...process.env,
      PORT: '0',
      LOUPE_DATA_DIR: dataDir,
      LOUPE_ARCHIVE_DIR: archiveDir,
      LOUPE_ADMIN_KEY: ADMIN_KEY,
      LOUPE_SITE_KEY: SITE_KEY,
      LOUPE_ADMIN_PASSWORD: ADMIN_PASSWORD,
      LOUPE_LOG_LEVEL: 'warn',
      LOUPE_RATE_PER_SECOND: '1000000',
      LOUPE_RATE_BURST: '1000000',
      ...o.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`collector did not start within ${o.timeoutMs ?? 60_000} ms:\n${output.slice(-2000)}`)), o.timeoutMs ?? 60_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`collector exited with ${code} before listening:\n${output.slice(-2000)}`));
    });
  });
  // Keep draining its output so a chatty collector never blocks on a full pipe.
  child.stdout!.resume();
  child.stderr!.resume();
  return {
    url,
    dataDir,
    child,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(archiveDir, { recursive: true, force: true });
      if (fresh) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
