import { tenantId } from '@loupe/schemas';
import { z } from 'zod';
import { MIN_KEY_LENGTH } from './admin/key-material.ts';

const optional = z.string().trim().min(1).optional();
const int = (dflt: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(dflt);
const secret = z.string().min(16, 'must be at least 16 characters').optional();
/** Keys people will present: a database copy must not make them guessable (see admin/key-material.ts). */
const operatorKey = z
  .string()
  .min(MIN_KEY_LENGTH, `must be at least ${MIN_KEY_LENGTH} characters (e.g. openssl rand -base64 32)`)
  .optional();
const flag = z
  .enum(['0', '1', 'false', 'true'])
  .default('false')
  .transform((v) => v === '1' || v === 'true');

const configSchema = z.object({
  PORT: int(8080, 0, 65535),
  HOST: z.string().default('127.0.0.1'),
  LOUPE_DATA_DIR: z.string().min(1).default('./data'),
  /** The write-ahead spool that holds acknowledged writes while ClickHouse is not answering. */
  LOUPE_SPOOL_DIR: z.string().min(1).default('./spool'),
  LOUPE_SPOOL_MAX_BYTES: int(256 * 1024 * 1024, 1024, 1024 ** 4),
  /** Where archived months are written as Parquet (seed 000's automatic archiving). */
  LOUPE_ARCHIVE_DIR: z.string().min(1).default('./archive'),
  CLICKHOUSE_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://localhost:8123' })
    .optional(),
  CLICKHOUSE_USER: optional,
  CLICKHOUSE_PASSWORD: z.string().optional(),
  CLICKHOUSE_DATABASE: optional,
  /** A cluster name from the server's config: migrations then create replicated tables ON CLUSTER. */
  CLICKHOUSE_CLUSTER: z.string().regex(/^\w+$/, 'must be a cluster name from the server configuration').optional(),
  /** How long start-up waits for a ClickHouse server that does not answer yet (0: for ever). */
  CLICKHOUSE_WAIT_SECONDS: int(300, 0, 7 * 86_400),
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  /** The notifications' sender, as a mail client shows it: `Loupe <loupe@shop.example>` or an address. */
  SMTP_FROM: z
    .string()
    .trim()
    .regex(/^(?:[^<>@\s][^<>@]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/, 'must be an address or `Name <address>`')
    .optional(),
  /** The first Owner's e-mail, so the first error mail on a fresh install reaches someone. */
  LOUPE_ADMIN_EMAIL: z.email('must be an e-mail address').optional(),
  /** Where people open the viewer (links in e-mails); default: http://HOST:PORT. */
  LOUPE_PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  /** How long a graceful shutdown waits for requests under way before closing their connections. */
  LOUPE_SHUTDOWN_SECONDS: int(8, 1, 600),
  LOUPE_ADMIN_USER: z.string().min(1).default('admin'),
  LOUPE_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  LOUPE_ADMIN_KEY: operatorKey,
  LOUPE_SITE_KEY: operatorKey,
  LOUPE_OPERATOR_KEY: operatorKey,
  /** Keys the stored hashes of API and site keys (HMAC-SHA-256); made and kept in the file below when unset. */
  LOUPE_KEY_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Default: `loupe-key-secret` in LOUPE_DATA_DIR. */
  LOUPE_KEY_SECRET_FILE: optional,
  /** The tenant a sign-in without a tenant means; usernames are unique per tenant. */
  LOUPE_DEFAULT_TENANT: tenantId.default('default'),
  /** Behind a reverse proxy: throttle by the address it forwards (last X-Forwarded-For entry). */
  LOUPE_TRUST_PROXY: flag,
  /** Keys the audit chain's hashes (HMAC), so database access alone cannot forge a chain. */
  LOUPE_CHAIN_KEY: secret,
  LOUPE_SITE_ORIGINS: z
    .string()
    .optional()
    .transform((s) =>
      s
        ? s
            .split(',')
            .map((o) => o.trim())
            .filter(Boolean)
        : [],
    ),
  LOUPE_FLUSH_ROWS: int(5000, 1, 1_000_000),
  /** 0: group commit, an insert as soon as the table's previous one settled (batch-writer.ts). */
  LOUPE_FLUSH_MS: int(0, 0, 60_000),
  LOUPE_MAX_BODY_BYTES: int(4 * 1024 * 1024, 1024, 256 * 1024 * 1024),
  LOUPE_RATE_PER_SECOND: int(200, 1, 1_000_000),
  LOUPE_RATE_BURST: int(400, 1, 1_000_000),
  /**
   * Writes (recorder batches, platform POSTs) the collector holds at once, from body to answer; past
   * it, it answers 503 with Retry-After instead of holding more bodies in memory than it can flush.
   */
  LOUPE_MAX_PENDING_WRITES: int(256, 1, 100_000),
  /** Recorder batches per second per visitor session (a recorder sends one every few seconds). */
  LOUPE_INGEST_SESSION_RATE: int(10, 1, 1_000_000),
  /** Recorder batches per second per client address (a whole office behind one NAT shares it). */
  LOUPE_INGEST_ADDRESS_RATE: int(500, 1, 1_000_000),
  /** Recorder batches per second per tenant, whatever its sessions and addresses: the operator's ceiling. */
  LOUPE_INGEST_TENANT_RATE: int(5000, 1, 10_000_000),
  /** Per-tenant exceptions to the ceiling, `tenant=rate,tenant=rate`. */
  LOUPE_INGEST_TENANT_RATES: z
    .string()
    .optional()
    .transform((s, ctx) => {
      const out: Record<string, number> = {};
      for (const part of (s ?? '')
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)) {
        const m = /^([\w-]+)=(\d+)$/.exec(part);
        if (!m || Number(m[2]) < 1) {
          ctx.addIssue({ code: 'custom', message: `"${part}" is not tenant=rate (a positive whole number)` });
          continue;
        }
        out[m[1]!] = Number(m[2]);
      }
      return out;
    }),
  LOUPE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'INVALID_CONFIG';
}

/** Parses the environment once, reporting every bad variable at once with the form it expects. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const r = configSchema.safeParse(env);
  if (r.success) return r.data;
  const lines = r.error.issues.map(
    (i) => `  ${String(i.path[0])}=${JSON.stringify(env[String(i.path[0])] ?? '')}: ${i.message}`,
  );
  throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
}
