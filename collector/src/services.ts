import type { ClickHouseClient } from '@clickhouse/client';
import {
  AUDIT_TABLE,
  CHANGE_AUDIT_TABLE,
  auditChainContent,
  changeAuditChainContent,
  type ClusterOptions,
} from '@loupe/schemas';
import { AuditChain } from './integrity/audit-chain.ts';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { KeyStore } from './admin/key-store.ts';
import { SettingsStore } from './admin/settings-store.ts';
import { TenantStore } from './admin/tenant-store.ts';
import { UserStore } from './admin/user-store.ts';
import { WebSessionStore } from './admin/web-sessions.ts';
import { folderArchive, type ArchiveFiles } from './archive/archive-files.ts';
import { ArchiveJob } from './archive/archive-job.ts';
import { CobrowseHub } from './cobrowse/cobrowse-hub.ts';
import { LiveFeed } from './sessions/live-feed.ts';
import { ErrorAlerts } from './notify/error-alerts.ts';
import { createMailer } from './notify/mailer.ts';
import { errorRecipients } from './notify/recipients.ts';
import { Idempotency } from './http/idempotency.ts';
import { RateLimiter } from './http/rate-limiter.ts';
import { WriteLoad } from './http/write-load.ts';
import { FailureThrottle } from './http/failure-throttle.ts';
import { SignInThrottle } from './admin/sign-in-throttle.ts';
import { KeyHasher } from './admin/key-material.ts';
import { SessionBindings } from './ingest/session-bindings.ts';
import { createMetrics, watchDepths, watchEngineMemory, type Metrics } from './monitoring/metrics.ts';
import { BatchWriter } from './storage/batch-writer.ts';
import { INSERT_LANES } from './storage/open-clickhouse.ts';
import { DurableWrites, type SpoolItem } from './storage/durable-writes.ts';
import { RecorderSink } from './storage/recorder-sink.ts';
import { Quarantine } from './storage/quarantine.ts';
import { Spool } from './storage/spool.ts';
import type { OpenSpoolFile } from './storage/spool-file.ts';

export type ServiceConfig = Pick<
  Config,
  | 'LOUPE_FLUSH_ROWS'
  | 'LOUPE_FLUSH_MS'
  | 'LOUPE_MAX_BODY_BYTES'
  | 'LOUPE_RATE_PER_SECOND'
  | 'LOUPE_RATE_BURST'
  | 'LOUPE_INGEST_SESSION_RATE'
  | 'LOUPE_MAX_PENDING_WRITES'
  | 'LOUPE_INGEST_ADDRESS_RATE'
  | 'LOUPE_INGEST_TENANT_RATE'
  | 'LOUPE_INGEST_TENANT_RATES'
  | 'LOUPE_SITE_ORIGINS'
  | 'LOUPE_OPERATOR_KEY'
  | 'LOUPE_CHAIN_KEY'
  | 'SMTP_URL'
  | 'SMTP_FROM'
  | 'LOUPE_PUBLIC_URL'
  | 'LOUPE_ARCHIVE_DIR'
  | 'LOUPE_SPOOL_DIR'
  | 'LOUPE_SPOOL_MAX_BYTES'
  | 'CLICKHOUSE_CLUSTER'
  | 'CLICKHOUSE_URL'
  | 'LOUPE_DEFAULT_TENANT'
  | 'LOUPE_TRUST_PROXY'
> & {
  /** Resolved before services start: from LOUPE_KEY_SECRET or the key-secret file (see admin/key-secret.ts). */
  LOUPE_KEY_SECRET: string;
};

/** The in-memory counts of failed sign-ins and unknown keys; they hold no storage. */
export function failureThrottles(now: () => number): Pick<Services, 'signIn' | 'keyFailures'> {
  return {
    signIn: new SignInThrottle(now),
    // 50 unknown keys, then 5 a second: a misconfigured client is told soon, a flood costs no lookups.
    keyFailures: new FailureThrottle(50, 5, now),
  };
}

/** Everything a request handler may use, built once from an open ClickHouse client. */
export interface Services {
  client: ClickHouseClient;
  writer: BatchWriter;
  recorder: RecorderSink;
  /** Every acknowledged write goes through here: to storage, or to the spool while storage is down. */
  durable: DurableWrites;
  spool: Spool<SpoolItem>;
  /** Spooled records storage kept refusing, on disk for the operator. */
  quarantine: Quarantine;
  keys: KeyStore;
  settings: SettingsStore;
  tenants: TenantStore;
  users: UserStore;
  webSessions: WebSessionStore;
  /** Recorder batches as they are stored, for live views. */
  live: LiveFeed;
  /** Co-browse commands between agents and customers' pages, across collectors (cobrowse-hub.ts). */
  cobrowse: CobrowseHub;
  /** Seed 000's archiving of old months to Parquet, and where the files are. */
  archive: ArchiveJob;
  archiveFiles: ArchiveFiles;
  /** E-mails on call-log errors and re-authorisation flags (seed 001). */
  alerts: ErrorAlerts;
  /** Failed sign-ins per address and per name, slowed to stop password guessing. */
  signIn: SignInThrottle;
  /** Unknown keys per address: a flood is refused before any lookup. */
  keyFailures: FailureThrottle;
  /** Which recorder each recorder session belongs to. */
  sessionBindings: SessionBindings;
  /** Idempotency-Key records of platform POSTs. */
  idempotency: Idempotency;
  rateLimiter: RateLimiter;
  /** Writes under way; past LOUPE_MAX_PENDING_WRITES new ones are shed with 503. */
  writeLoad: WriteLoad;
  metrics: Metrics;
  logger: Logger;
  config: ServiceConfig;
  /** The ClickHouse cluster, when Loupe runs on one (mutations then address local tables). */
  cluster?: ClusterOptions;
  now: () => number;
}

/** What tests may stand in: the spool's file, to simulate a full disk. */
export interface ServiceIo {
  openSpoolFile?: OpenSpoolFile;
}

export async function createServices(
  client: ClickHouseClient,
  config: ServiceConfig,
  logger: Logger,
  now: () => number = Date.now,
  io: ServiceIo = {},
): Promise<Services> {
  const metrics = createMetrics();
  const writer = new BatchWriter(client, {
    maxRows: config.LOUPE_FLUSH_ROWS,
    flushIntervalMs: config.LOUPE_FLUSH_MS,
    lanes: INSERT_LANES,
    stampers: {
      [AUDIT_TABLE]: () => new AuditChain(auditChainContent, config.LOUPE_CHAIN_KEY),
      [CHANGE_AUDIT_TABLE]: () => new AuditChain(changeAuditChainContent, config.LOUPE_CHAIN_KEY),
    },
    onFlush: ({ table, rows, ms, error }) => {
      metrics.flushSeconds.observe({ table, outcome: error ? 'error' : 'ok' }, ms / 1000);
      metrics.insertRows.observe({ table }, rows);
      if (error) logger.error({ table, rows, err: error }, 'insert failed');
      else metrics.ingestedRows.inc({ table }, rows);
    },
  });
  const live = new LiveFeed();
  const users = new UserStore(client, now);
  const settings = new SettingsStore(client, 5_000, now);
  const alerts = new ErrorAlerts({
    client,
    mailer: createMailer(config.SMTP_URL, config.SMTP_FROM),
    publicUrl: config.LOUPE_PUBLIC_URL,
    recipients: (tenantId) => errorRecipients({ users, settings }, tenantId),
    logger,
    now,
  });
  const archiveFiles = folderArchive(config.LOUPE_ARCHIVE_DIR);
  const cluster = config.CLICKHOUSE_CLUSTER ? { cluster: config.CLICKHOUSE_CLUSTER } : undefined;
  const recorder = new RecorderSink(client, writer, now, (tenantId, batch) => live.publish(tenantId, batch));
  const spool = new Spool<SpoolItem>(config.LOUPE_SPOOL_DIR, config.LOUPE_SPOOL_MAX_BYTES, io.openSpoolFile);
  await spool.open();
  const quarantine = new Quarantine(config.LOUPE_SPOOL_DIR);
  watchDepths(metrics, { writer, spool, quarantine });
  watchEngineMemory(metrics, client);
  return {
    client,
    writer,
    recorder,
    spool,
    quarantine,
    durable: new DurableWrites({
      client,
      writer,
      recorder,
      spool,
      quarantine,
      logger,
      onQuarantine: () => metrics.spoolQuarantined.set(quarantine.count),
    }),
    archive: new ArchiveJob({ client, settings, files: archiveFiles, logger, now, cluster }),
    cluster,
    archiveFiles,
    keys: new KeyStore(client, new KeyHasher(config.LOUPE_KEY_SECRET), { cacheMs: 5_000, now }),
    settings,
    tenants: new TenantStore(client, now),
    users,
    alerts,
    webSessions: new WebSessionStore(client, 5_000, now),
    live,
    cobrowse: new CobrowseHub(client, logger, now),
    ...failureThrottles(now),
    idempotency: new Idempotency(client, logger, now),
    sessionBindings: new SessionBindings(client, logger, now, writer),
    rateLimiter: new RateLimiter(config.LOUPE_RATE_PER_SECOND, config.LOUPE_RATE_BURST, now),
    writeLoad: new WriteLoad(config.LOUPE_MAX_PENDING_WRITES),
    metrics,
    logger,
    config,
    now,
  };
}
