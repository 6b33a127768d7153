// Storage, beneath every feature; the features' own queries are exported from their folders (package.json).
export { StorageError } from './errors.ts';
export { openClickHouse, type StorageTarget } from './open-clickhouse.ts';
export { migrate, migrationsTableDdl } from './migrate.ts';
export { BatchWriter, type BatchWriterOptions } from './batch-writer.ts';
export { type BatchKey, type BatchState, ReceiptLookup } from './receipt-lookup.ts';
export { RecorderSink, type StoreOutcome } from './recorder-sink.ts';
export { msParam, type QueryStats, selectRows, type SqlQuery } from './queries/select.ts';
export { decodeCursor, encodeCursor, InvalidCursorError, type Position } from './queries/cursor.ts';
export {
  type Condition,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  newestFirstQuery,
  type NewestFirstSpec,
  type Page,
  pageNewestFirst,
  pageSize,
  type TimeRange,
  toPage,
} from './queries/page.ts';
