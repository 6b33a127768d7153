import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The collector's Prometheus metrics, on a registry of its own so two apps in one process stay apart. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'loupe_process_' });
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
      help: 'Time of one batched insert into ClickHouse, by table and outcome.',
      labelNames: ['table', 'outcome'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
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
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
