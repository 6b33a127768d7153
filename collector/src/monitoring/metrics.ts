import type { ClickHouseClient } from '@clickhouse/client';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { setTimeout as delay } from 'node:timers/promises';

/** Seconds: from a cached read to an insert a loaded ClickHouse takes its time with. */
const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** What the depth gauges read when scraped; set once the services exist (see watchDepths). */
export interface DepthSources {
  writer: { readonly waitingRows: number };
  spool: { readonly pending: readonly unknown[]; readonly bytes: number };
  quarantine: { readonly count: number };
}

/** The collector's Prometheus metrics, on a registry of its own so two apps in one process stay apart. */
export function createMetrics() {
  const registry = new Registry();
  // The default metrics' names already start with `process_` or `nodejs_`: `loupe_` keeps them apart
  // from other services' without doubling the word (`loupe_process_process_*`).
  collectDefaultMetrics({ register: registry, prefix: 'loupe_' });
  return {
    registry,
    ingestedRows: new Counter({
      name: 'loupe_ingested_rows_total',
      help: 'Rows stored, by table.',
      labelNames: ['table'],
      registers: [registry],
    }),
    rejected: new Counter({
      name: 'loupe_rejected_requests_total',
      help: 'Write requests refused, by error code.',
      labelNames: ['route', 'code'],
      registers: [registry],
    }),
    duplicates: new Counter({
      name: 'loupe_duplicate_batches_total',
      help: 'Recorder batches that arrived again and were not stored twice.',
      registers: [registry],
    }),
    flushSeconds: new Histogram({
      name: 'loupe_flush_duration_seconds',
      help: 'Insert latency: time of one batched insert into ClickHouse, by table and outcome.',
      labelNames: ['table', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    insertRows: new Histogram({
      name: 'loupe_insert_rows',
      help: 'Rows per batched insert into ClickHouse, by table: how well small writes are grouped.',
      labelNames: ['table'],
      buckets: [1, 5, 10, 50, 100, 500, 1000, 5000, 10_000, 50_000],
      registers: [registry],
    }),
    spoolQuarantined: new Gauge({
      name: 'loupe_spool_quarantined_records',
      help: 'Spooled records storage refused again and again, kept in LOUPE_SPOOL_DIR/quarantine for the operator.',
      registers: [registry],
    }),
    requests: new Counter({
      name: 'loupe_http_requests_total',
      help: 'HTTP requests, by route and status.',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    requestSeconds: new Histogram({
      name: 'loupe_http_request_duration_seconds',
      help: 'Time to answer a request, by method, route pattern (not the raw path) and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    requestBytes: new Histogram({
      name: 'loupe_http_request_body_bytes',
      help: 'Size of request bodies (batch sizes on the write routes), by method and route pattern.',
      labelNames: ['method', 'route'],
      buckets: [256, 1024, 4096, 16_384, 65_536, 262_144, 1_048_576, 4_194_304, 16_777_216],
      registers: [registry],
    }),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;

/** Gauges read at scrape time from the writer's queue, the spool and the quarantine. */
export function watchDepths(m: Metrics, s: DepthSources): void {
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers: [m.registry],
      collect() {
        this.set(read());
      },
    });
  gauge('loupe_writer_queue_rows', 'Rows acknowledged to no one yet, waiting for their batched insert.', () => {
    return s.writer.waitingRows;
  });
  gauge('loupe_spool_records', 'Acknowledged records in the write-ahead spool, waiting for storage.', () => {
    return s.spool.pending.length;
  });
  gauge('loupe_spool_bytes', 'Bytes of the write-ahead spool not yet drained into storage.', () => s.spool.bytes);
  m.spoolQuarantined.set(s.quarantine.count);
}

/** How long a scrape waits for the engine's memory figures before leaving the gauge as it was. */
const ENGINE_MEMORY_TIMEOUT_MS = 2_000;

/** The engine's memory figures (system.metrics), by the `part` label each is shown under. */
const ENGINE_MEMORY = {
  total: 'MemoryTracking',
  merges: 'MergesMutationsMemoryTracking',
  mark_cache: 'MarkCacheBytes',
  primary_index_cache: 'PrimaryIndexCacheBytes',
  page_cache: 'PageCacheBytes',
  uncompressed_cache: 'UncompressedCacheBytes',
  query_condition_cache: 'QueryConditionCacheBytes',
  compiled_expression_cache: 'CompiledExpressionCacheBytes',
} as const;

/** jemalloc's summary line in system.jemalloc_stats: bytes the engine holds, touches and keeps in memory. */
const ALLOCATOR_SUMMARY = /Allocated: (?<allocated>\d+), active: (?<active>\d+),.*? resident: (?<resident>\d+),/;

/**
 * The memory ClickHouse itself accounts for: all of it (`total`, MemoryTracking), merges, and its
 * caches; and its allocator's own figures (`allocator_allocated`, `_active`, `_resident`) where
 * the engine uses jemalloc, as chDB does. Embedded, that is the engine's share of this process's
 * resident memory, so an operator (and the soak) can tell a growing JavaScript heap from a
 * growing engine; against a server it is the server's. A scrape while storage does not answer
 * keeps the last values.
 */
export function watchEngineMemory(m: Metrics, client: ClickHouseClient): void {
  const parts = Object.entries(ENGINE_MEMORY);
  new Gauge({
    name: 'loupe_clickhouse_memory_bytes',
    help: 'Memory of the ClickHouse engine, by part (system.metrics, and jemalloc_stats for its allocator); embedded, part of this process.',
    labelNames: ['part'],
    registers: [m.registry],
    async collect() {
      const query = <T>(sql: string, params?: Record<string, unknown>): Promise<T[]> => {
        const answer = client
          .query({
            query: sql,
            query_params: params,
            format: 'JSONEachRow',
            abort_signal: AbortSignal.timeout(ENGINE_MEMORY_TIMEOUT_MS),
          })
          .then((rs) => rs.json<T>())
          .catch((): T[] => []);
        // The signal only drops a query that has not started: an embedded connection lets its
        // caller go when the query's turn comes, and chDB runs parameterized queries one at a time
        // process-wide (chdb-guard.ts). So the scrape stops waiting at the bound itself.
        return Promise.race([answer, delay(ENGINE_MEMORY_TIMEOUT_MS, [] as T[], { ref: false })]);
      };
      const [rows, stats] = await Promise.all([
        query<{ metric: string; value: number | string }>(
          'SELECT metric, value FROM system.metrics WHERE metric IN {names:Array(String)}',
          { names: parts.map(([, metric]) => metric) },
        ),
        // The allocator holds more than the tracker counts: in the soak its allocated bytes grew
        // while MemoryTracking stayed flat.
        query<{ stats: string }>('SELECT stats FROM system.jemalloc_stats'),
      ]);
      const byMetric = new Map(rows.map((r) => [r.metric, Number(r.value)]));
      const summary = ALLOCATOR_SUMMARY.exec(stats.map((r) => r.stats).join(''));
      if (summary?.groups)
        for (const [part, value] of Object.entries(summary.groups))
          this.set({ part: `allocator_${part}` }, Number(value));
      for (const [part, metric] of parts) {
        const value = byMetric.get(metric);
        if (value !== undefined && Number.isFinite(value)) this.set({ part }, value);
      }
    },
  });
}
