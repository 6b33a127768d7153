import type { ClickHouseClient } from '@clickhouse/client';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { createApp } from '../app.ts';
import { listen } from '../http/listen.ts';
import type { AssetDirs } from '../static/static-routes.ts';
import { provisionTenant } from '../admin/provision-tenant.ts';
import { createServices, type ServiceConfig, type ServiceIo, type Services } from '../services.ts';
import { openTestStorage } from './test-storage.ts';

export const TEST_CONFIG: ServiceConfig = {
  LOUPE_FLUSH_ROWS: 5_000,
  LOUPE_FLUSH_MS: 10,
  LOUPE_MAX_BODY_BYTES: 1024 * 1024,
  LOUPE_RATE_PER_SECOND: 1_000,
  LOUPE_RATE_BURST: 2_000,
  LOUPE_INGEST_SESSION_RATE: 1_000,
  LOUPE_MAX_PENDING_WRITES: 256,
  LOUPE_INGEST_ADDRESS_RATE: 10_000,
  LOUPE_INGEST_TENANT_RATE: 10_000,
  LOUPE_INGEST_TENANT_RATES: {},
  LOUPE_SITE_ORIGINS: [],
  LOUPE_OPERATOR_KEY: 'operator-key-for-tests-0123456789',
  LOUPE_CHAIN_KEY: undefined,
  SMTP_URL: undefined,
  LOUPE_ARCHIVE_DIR: '',
  LOUPE_SPOOL_DIR: '',
  LOUPE_SPOOL_MAX_BYTES: 64 * 1024 * 1024,
  CLICKHOUSE_CLUSTER: undefined,
  LOUPE_KEY_SECRET: 'key-secret-for-tests-0123456789abcdef',
  LOUPE_DEFAULT_TENANT: 'tenant-a',
  LOUPE_TRUST_PROXY: false,
};

export interface TestServer {
  url: string;
  services: Services;
  /** The first tenant's keys: an admin key with every scope and a site key. */
  tenantId: string;
  adminKey: string;
  siteKey: string;
  /** Another tenant with keys of its own. */
  addTenant(tenantId: string): Promise<{ adminKey: string; siteKey: string }>;
  close(): Promise<void>;
}

/** The collector over real HTTP on loopback, on embedded ClickHouse in a temporary folder. */
export async function startTestServer(
  config: Partial<ServiceConfig> = {},
  logger: Logger = pino({ level: 'silent' }),
  assets: AssetDirs = {},
  now: () => number = Date.now,
  /** Stands between the collector and storage, e.g. to make storage fail (see flaky-client.ts). */
  wrapClient: (c: ClickHouseClient) => ClickHouseClient = (c) => c,
  io: ServiceIo = {},
): Promise<TestServer> {
  const storage = await openTestStorage();
  const archiveDir = mkdtempSync(join(tmpdir(), 'loupe-archive-'));
  const services = await createServices(
    wrapClient(storage.client),
    { ...TEST_CONFIG, LOUPE_ARCHIVE_DIR: archiveDir, LOUPE_SPOOL_DIR: join(archiveDir, 'spool'), ...config },
    logger,
    now,
    io,
  );
  const addTenant = async (tenantId: string) => {
    const t = await provisionTenant(services, { tenantId, name: tenantId });
    return { adminKey: t.adminKey!, siteKey: t.siteKey! };
  };
  const first = await addTenant('tenant-a');
  const app = createApp(services, assets);
  const server = await listen(app.fetch, 0, '127.0.0.1');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    services,
    tenantId: 'tenant-a',
    ...first,
    addTenant,
    close: async () => {
      await new Promise((r) => server.close(r));
      await services.alerts.settled();
      await services.durable.stop();
      await services.spool.close();
      rmSync(archiveDir, { recursive: true, force: true });
      await services.writer.close();
      await storage.close();
    },
  };
}
