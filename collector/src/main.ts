import { listen } from './http/listen.ts';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { loadKeySecret } from './admin/key-secret.ts';
import { provisionTenant } from './admin/provision-tenant.ts';
import type { Logger } from 'pino';
import { createLogger } from './logger.ts';
import { createServices, type Services } from './services.ts';
import { shutDown } from './shutdown.ts';
import { migrate } from './storage/migrate.ts';
import { openClickHouse, type StorageTarget } from './storage/open-clickhouse.ts';
import { waitForClickHouse } from './storage/wait-for-clickhouse.ts';

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

/** Where a server is, for log lines: the URL without its credentials. */
function serverName(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
}

/**
 * Written to stderr, never to the log on stdout: the keys are shown this once, and stdout holds
 * only JSON lines for a log pipeline (which may keep them far longer than a terminal does).
 */
function showOnce(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function run(config: Config, logger: Logger): Promise<void> {
  // Lines an operator needs whatever LOUPE_LOG_LEVEL says (listening, shutting down), unless silenced.
  const lifecycle =
    logger.isLevelEnabled('info') || logger.level === 'silent' ? logger : logger.child({}, { level: 'info' });
  const target = storageTarget(config);
  const client = await openClickHouse(target, logger);
  if (target.kind === 'server') {
    await waitForClickHouse(client, logger, {
      server: serverName(target.url),
      maxWaitMs: config.CLICKHOUSE_WAIT_SECONDS * 1000,
    });
  }
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
  // Links in e-mails point here; without LOUPE_PUBLIC_URL, at this collector as it listens (unless on port 0).
  const browsable = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  const publicUrl = config.LOUPE_PUBLIC_URL ?? (config.PORT ? `http://${browsable}:${config.PORT}` : undefined);
  const services = await createServices(
    client,
    { ...config, LOUPE_KEY_SECRET: keySecret, LOUPE_PUBLIC_URL: publicUrl },
    logger,
  );
  if (services.spool.pending.length)
    logger.info({ records: services.spool.pending.length }, 'replaying the spool left by the last run');
  services.durable.start();
  await services.durable.drain();
  const tenant = await provisionTenant(services, {
    tenantId: config.LOUPE_DEFAULT_TENANT,
    name: 'Default',
    adminKey: config.LOUPE_ADMIN_KEY,
    siteKey: config.LOUPE_SITE_KEY,
    owner: {
      username: config.LOUPE_ADMIN_USER,
      password: config.LOUPE_ADMIN_PASSWORD,
      email: config.LOUPE_ADMIN_EMAIL,
    },
  });
  if (tenant.ownerPassword)
    showOnce(`\n  Sign in as ${config.LOUPE_ADMIN_USER} with password (shown once): ${tenant.ownerPassword}`);
  if (tenant.adminKey && !config.LOUPE_ADMIN_KEY) showOnce(`\n  Admin API key (shown once): ${tenant.adminKey}`);
  if (tenant.siteKey && !config.LOUPE_SITE_KEY) showOnce(`  Site key (shown once):      ${tenant.siteKey}\n`);

  const app = createApp(services, {
    // The monorepo is the deployment: the bundles sit in their packages' dist folders.
    recorderDir: fileURLToPath(new URL('../../recorder/dist/', import.meta.url)),
    viewerDir: fileURLToPath(new URL('../../viewer/dist/', import.meta.url)),
    demoSiteKey: await demoSiteKey(services, config),
  });
  const server = (await listen(app.fetch, config.PORT, config.HOST, (port) => {
    const url = `http://${config.HOST}:${port}`;
    // The URL is followed by a space: scripts (and the tests) read it with /listening on (\S+)/.
    lifecycle.info({ url }, `Loupe collector listening on ${url} (viewer: ${url}/ demo page: ${url}/demo)`);
  })) as Server;

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

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return lifecycle.info({ signal }, 'already shutting down');
    stopping = true;
    clearInterval(archiving);
    lifecycle.info({ signal }, 'shutting down: finishing the requests under way and flushing writes');
    shutDown({ server, services, client, logger, graceMs: config.LOUPE_SHUTDOWN_SECONDS * 1000 }).then(
      () => {
        lifecycle.info({ signal }, 'stopped');
        process.exit(0);
      },
      (err: unknown) => {
        logger.fatal({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

let config: Config;
try {
  config = loadConfig(process.env);
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  // Before a log level is known: a plain message on stderr, naming every bad variable.
  process.stderr.write(`${e.message}\n`);
  process.exit(2);
}
const logger = createLogger(config.LOUPE_LOG_LEVEL);
await run(config, logger).catch((err: unknown) => {
  // One JSON line that says what to fix, not a bare stack trace on the console.
  const message = err instanceof Error ? err.message : String(err);
  logger.fatal({ err }, `start-up failed: ${message}`);
  process.exit(1);
});
