import type { openClickHouse } from '@loupe/collector/storage';

/** The collector's ClickHouse client type, named through the collector (benchmarks do not depend on @clickhouse/client). */
export type ClickHouseClient = Awaited<ReturnType<typeof openClickHouse>>;
