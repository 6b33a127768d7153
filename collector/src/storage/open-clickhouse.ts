import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import { laneConnection } from './analyst-lane.ts';
import { clickhouseLogClass } from './clickhouse-log.ts';
import { guardChdbConnection } from './chdb-guard.ts';
import { writerPool } from './writer-pool.ts';

export type StorageTarget =
  | { kind: 'embedded'; dataDir: string }
  | { kind: 'server'; url: string; username?: string; password?: string; database?: string };

/**
 * Settings every Loupe query relies on. They are the same for every statement, so it is harmless
 * that chDB's connection turns them into session-wide `SET`s; anything per query goes in the
 * statement's own SETTINGS clause instead.
 */
const CONSTANT_SETTINGS = {
  // chDB prints 64-bit integers bare and a server quotes them; ask for bare ones from both (every
  // Loupe value fits in 2^53), and parse rows with `chInt` in case someone's server overrides it.
  output_format_json_quote_64bit_integers: 0,
  date_time_input_format: 'best_effort',
} as const;

/** Writer connections on the embedded engine: one per table a recorder flush inserts into (writer-pool.ts). */
const WRITER_CONNECTIONS = 3;

/**
 * Inserts into one table the batch writer runs at once (batch-writer.ts): one per embedded writer
 * connection, so none waits on another's statement; a server takes as many side by side.
 */
export const INSERT_LANES = WRITER_CONNECTIONS;

// Process-wide on purpose: it mirrors chDB itself, which binds one data folder per process.
let embeddedPath: string | undefined;

/**
 * Opens ClickHouse: in-process chDB on a data folder (the default), or a server by URL. chDB binds
 * one data folder per process, so opening a second, different folder fails loudly here instead of
 * deep inside the engine.
 */
export async function openClickHouse(target: StorageTarget, logger?: Logger): Promise<ClickHouseClient> {
  // The client's own warnings go to the JSON log, not to the console as plain text.
  const log = logger ? { log: { LoggerClass: clickhouseLogClass(logger), level: ClickHouseLogLevel.WARN } } : {};
  if (target.kind === 'server') {
    return createClient({
      ...log,
      url: target.url,
      username: target.username,
      password: target.password,
      database: target.database,
      clickhouse_settings: CONSTANT_SETTINGS,
    });
  }
  const path = resolve(target.dataDir);
  if (embeddedPath !== undefined && embeddedPath !== path) {
    throw new Error(
      `embedded ClickHouse is already open on ${embeddedPath}; one data folder per process (asked for ${path})`,
    );
  }
  mkdirSync(path, { recursive: true });
  // Loaded lazily so a deployment against a server never loads the native engine.
  const { createChdbConnection } = await import('chdb/connection');
  embeddedPath = path;
  // chDB implements the Connection interface of its own copy of @clickhouse/client-common, which
  // TypeScript sees as a different type from the client's identical one; the shapes are the same.
  type Connection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>['connection']>;
  const open = () => guardChdbConnection(createChdbConnection({ path }) as unknown as Connection);
  // Writers and analysts get connections of their own, so no analyst query makes ingest wait (analyst-lane.ts).
  const writers = writerPool(Array.from({ length: WRITER_CONNECTIONS }, open));
  return createClient({ ...log, connection: laneConnection(writers, open), clickhouse_settings: CONSTANT_SETTINGS });
}
