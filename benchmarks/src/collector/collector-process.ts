import { spawnCollector } from '@loupe/testkit/collector-process';
import type { ChildProcess } from 'node:child_process';
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
  /** Node's arguments before the collector's own (e.g. `--cpu-prof` to profile it under load). */
  nodeArgs?: string[];
}

/**
 * A bench collector (the test kit's process), on its own embedded ClickHouse, with known keys.
 * Rate limits are raised: the load runs send far more than one site would.
 */
export async function startCollector(o: CollectorOptions = {}): Promise<CollectorProcess> {
  const fresh = !o.dataDir;
  const dataDir = o.dataDir ?? scratchDir('collector');
  const archiveDir = scratchDir('archive');
  const proc = await spawnCollector({
    dir: COLLECTOR_DIR,
    timeoutMs: o.timeoutMs,
    ...(o.nodeArgs ? { args: [...o.nodeArgs, '--import', 'tsx', 'src/main.ts'] } : {}),
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
      // The load is a whole site's visitors from one address: only the per-session limit stays as shipped.
      LOUPE_INGEST_ADDRESS_RATE: '1000000',
      LOUPE_INGEST_TENANT_RATE: '1000000',
      ...o.env,
    },
  });
  return {
    url: proc.url,
    dataDir,
    child: proc.child,
    async stop() {
      await proc.stop();
      rmSync(archiveDir, { recursive: true, force: true });
      if (fresh) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
