import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { provisionTenant } from './control/provision-tenant.ts';
import { createLogger } from './logger.ts';
import { createServices } from './services.ts';
import { migrate } from './storage/migrate.ts';
import { openClickHouse, type StorageTarget } from './storage/open-clickhouse.ts';

/** The tenant a single-machine start serves; more come from POST /v1/tenants. */
export const DEFAULT_TENANT = 'default';

function storageTarget(c: Config): StorageTarget {
  return c.CLICKHOUSE_URL
    ? { kind: 'server', url: c.CLICKHOUSE_URL, username: c.CLICKHOUSE_USER, password: c.CLICKHOUSE_PASSWORD, database: c.CLICKHOUSE_DATABASE }
    : { kind: 'embedded', dataDir: c.LOUPE_DATA_DIR };
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
  const applied = await migrate(client);
  logger.info({ storage: target.kind, applied }, 'storage ready');

  const services = createServices(client, config, logger);
  const tenant = await provisionTenant(services, {
    tenantId: DEFAULT_TENANT,
    name: 'Default',
    adminKey: config.LOUPE_ADMIN_KEY,
    siteKey: config.LOUPE_SITE_KEY,
  });
  // Printed to the terminal, never to the log: these keys are shown this once.
  if (tenant.adminKey && !config.LOUPE_ADMIN_KEY) console.log(`\n  Admin API key (shown once): ${tenant.adminKey}`);
  if (tenant.siteKey && !config.LOUPE_SITE_KEY) console.log(`  Site key (shown once):      ${tenant.siteKey}\n`);

  const app = createApp(services);
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    console.log(`Loupe collector listening on http://${config.HOST}:${info.port}`);
  });

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    server.close();
    await services.writer.close();
    await client.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

await main();
