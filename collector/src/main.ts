import { serve } from '@hono/node-server';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { loadKeySecret } from './admin/key-secret.ts';
import { provisionTenant } from './admin/provision-tenant.ts';
import { createLogger } from './logger.ts';
import { createServices, type Services } from './services.ts';
import { migrate } from './storage/migrate.ts';
import { openClickHouse, type StorageTarget } from './storage/open-clickhouse.ts';

function storageTarget(c: Config): StorageTarget {
  return c.CLICKHOUSE_URL
    ? {
        kind: 'server',
        url: c.CLICKHOUSE_URL,
        username: c.CLICKHOUSE_USER,
        password: c.CLICKHOUSE_PASSWORD,
        database: c.CLICKHOUSE_DATABASE,
      }
    : { kind: 'embedded', dataDir: c.LOUPE_DATA_DIR };
}

const DEMO_KEY_DESCRIPTION = 'Demo page (made at start-up)';

/**
 * The demo page needs a site key in its HTML, and keys are stored only as hashes, so each start
 * makes a fresh one (valid a day) and revokes the previous start's. Site keys are public anyway.
 */
async function demoSiteKey(s: Services, c: Config): Promise<string> {
  if (c.LOUPE_SITE_KEY) return c.LOUPE_SITE_KEY;
  const tenant = c.LOUPE_DEFAULT_TENANT;
  for (const k of await s.keys.list(tenant, 'site'))
    if (k.description === DEMO_KEY_DESCRIPTION) await s.keys.revoke(tenant, k.id);
  const { key } = await s.keys.create(tenant, {
    kind: 'site',
    description: DEMO_KEY_DESCRIPTION,
    scopes: ['ingest'],
    expiresAt: Date.now() + 86_400_000,
  });
  return key;
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const logger = createLogger(config.LOUPE_LOG_LEVEL);
  const target = storageTarget(config);
  const client = await openClickHouse(target);
  const applied = await migrate(
    client,
    undefined,
    config.CLICKHOUSE_CLUSTER ? { cluster: config.CLICKHOUSE_CLUSTER } : undefined,
  );
  logger.info({ storage: target.kind, applied }, 'storage ready');

  const keySecret = await loadKeySecret(
    config.LOUPE_KEY_SECRET,
    config.LOUPE_KEY_SECRET_FILE ?? join(config.LOUPE_DATA_DIR, 'loupe-key-secret'),
  );
  const services = await createServices(client, { ...config, LOUPE_KEY_SECRET: keySecret }, logger);
  if (services.spool.pending.length)
    logger.info({ records: services.spool.pending.length }, 'replaying the spool left by the last run');
  services.durable.start();
  await services.durable.drain();
  const tenant = await provisionTenant(services, {
    tenantId: config.LOUPE_DEFAULT_TENANT,
    name: 'Default',
    adminKey: config.LOUPE_ADMIN_KEY,
    siteKey: config.LOUPE_SITE_KEY,
    owner: { username: config.LOUPE_ADMIN_USER, password: config.LOUPE_ADMIN_PASSWORD },
  });
  // Printed to the terminal, never to the log: these keys are shown this once.
  if (tenant.ownerPassword)
    console.log(`\n  Sign in as ${config.LOUPE_ADMIN_USER} with password (shown once): ${tenant.ownerPassword}`);
  if (tenant.adminKey && !config.LOUPE_ADMIN_KEY) console.log(`\n  Admin API key (shown once): ${tenant.adminKey}`);
  if (tenant.siteKey && !config.LOUPE_SITE_KEY) console.log(`  Site key (shown once):      ${tenant.siteKey}\n`);

  const app = createApp(services, {
    // The monorepo is the deployment: the bundles sit in their packages' dist folders.
    recorderDir: fileURLToPath(new URL('../../recorder/dist/', import.meta.url)),
    viewerDir: fileURLToPath(new URL('../../viewer/dist/', import.meta.url)),
    demoSiteKey: await demoSiteKey(services, config),
  });
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    const url = `http://${config.HOST}:${info.port}`;
    console.log(`Loupe collector listening on ${url}\n  viewer: ${url}/   demo page: ${url}/demo`);
  });

  // Archiving (seed 000) runs hourly; a month is archived once it is old enough, so an hour's delay is nothing.
  const archiving = setInterval(
    () => {
      services.archive.runAll().then(
        (done) => done.length && logger.info({ months: done.length }, 'archived'),
        (err: unknown) => logger.error({ err }, 'archiving failed; the next run resumes it'),
      );
    },
    60 * 60 * 1000,
  );
  archiving.unref();

  const shutdown = async (signal: string) => {
    clearInterval(archiving);
    logger.info({ signal }, 'shutting down');
    server.close();
    await services.durable.stop();
    await services.writer.close();
    await services.spool.close();
    await client.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

await main();
