/**
 * The same migrations for a ClickHouse cluster: each table becomes `<name>_local`, a
 * Replicated* engine on every node (ZooKeeper/Keeper path by shard, replica by macro), behind a
 * Distributed table under the original name, so every query and insert in Loupe runs unchanged.
 * Materialized views read and write the local tables, on each shard. All DDL runs ON CLUSTER.
 */
export interface ClusterOptions {
  cluster: string;
}

/**
 * How rows spread over shards. A session's rows share a shard, so its summary (a materialized
 * view, which sees one shard's inserts) is whole there; control rows keep one key on one shard,
 * so FINAL can collapse their versions.
 */
export const SHARDING_KEYS: Record<string, string> = {
  cobrowse_events: 'cityHash64(tenant_id, session_id)',
  replay_chunks: 'cityHash64(tenant_id, session_id)',
  ingest_batches: 'cityHash64(tenant_id, session_id)',
  sessions: 'cityHash64(tenant_id, session_id)',
  audit_events: 'cityHash64(tenant_id, chain_id)',
  change_audits: 'cityHash64(tenant_id, chain_id)',
  call_logs: 'cityHash64(tenant_id, id)',
  tenants: 'cityHash64(tenant_id)',
  api_keys: 'cityHash64(id)',
  api_key_usage: 'cityHash64(id)',
  tenant_settings: 'cityHash64(tenant_id)',
  users: 'cityHash64(id)',
  web_sessions: 'cityHash64(token_hash)',
  alert_state: 'cityHash64(tenant_id, bot)',
  integration_state: 'cityHash64(tenant_id, application, bot)',
  archive_runs: 'cityHash64(tenant_id, table_name, month)',
  idempotency_keys: 'cityHash64(tenant_id, key)',
  session_bindings: 'cityHash64(tenant_id, session_id)',
  cobrowse_commands: 'cityHash64(tenant_id, session_id)',
  integrations: 'cityHash64(tenant_id, name)',
  session_notes: 'cityHash64(tenant_id, session_id)',
  loupe_migrations: 'version',
};

const CREATE_TABLE =
  /^CREATE TABLE IF NOT EXISTS (\w+) \(([\s\S]*)\) ENGINE = (\w*MergeTree)(?:\(([^)]*)\))?([\s\S]*)$/;
const ADD_COLUMN = /^ALTER TABLE (\w+) (ADD COLUMN[\s\S]*)$/;
const CREATE_MV = /^CREATE MATERIALIZED VIEW IF NOT EXISTS (\w+) TO (\w+) AS([\s\S]*)$/;

export class ClusterDdlError extends Error {
  readonly code = 'CLUSTER_DDL';
}

/** One local statement as the cluster runs it: one or two statements. */
export function toClusterDdl(statement: string, { cluster }: ClusterOptions): string[] {
  const s = statement.trim();
  const table = CREATE_TABLE.exec(s);
  if (table) {
    const [, name, columns, engine, args, rest] = table as unknown as [
      string,
      string,
      string,
      string,
      string | undefined,
      string,
    ];
    const key = SHARDING_KEYS[name];
    if (!key) throw new ClusterDdlError(`no sharding key for table ${name}; add it to SHARDING_KEYS`);
    const replicated = [
      `'/clickhouse/tables/{shard}/{database}/${name}_local'`,
      `'{replica}'`,
      ...(args ? [args] : []),
    ].join(', ');
    return [
      `CREATE TABLE IF NOT EXISTS ${name}_local ON CLUSTER ${cluster} (${columns}) ENGINE = Replicated${engine}(${replicated})${rest}`,
      `CREATE TABLE IF NOT EXISTS ${name} ON CLUSTER ${cluster} AS ${name}_local ENGINE = Distributed(${cluster}, currentDatabase(), ${name}_local, ${key})`,
    ];
  }
  const alter = ADD_COLUMN.exec(s);
  if (alter) {
    // Both the shards' local tables and the Distributed table in front of them get the column.
    const [, name, change] = alter as unknown as [string, string, string];
    return [
      `ALTER TABLE ${name}_local ON CLUSTER ${cluster} ${change}`,
      `ALTER TABLE ${name} ON CLUSTER ${cluster} ${change}`,
    ];
  }
  const mv = CREATE_MV.exec(s);
  if (mv) {
    const [, name, target, select] = mv as unknown as [string, string, string, string];
    // On each shard, the view reads that shard's inserts into the local source table.
    const localSelect = select.replace(/\bFROM (\w+)/g, (_, src: string) => `FROM ${src}_local`);
    return [`CREATE MATERIALIZED VIEW IF NOT EXISTS ${name} ON CLUSTER ${cluster} TO ${target}_local AS${localSelect}`];
  }
  throw new ClusterDdlError(`cannot turn this statement into cluster DDL: ${s.slice(0, 80)}`);
}

/** The table a mutation (DELETE, ALTER ... UPDATE) names: Distributed tables take none, so on a cluster it is each shard's local table. */
export function mutationTarget(table: string, cluster?: ClusterOptions): string {
  return cluster ? `${table}_local ON CLUSTER ${cluster.cluster}` : table;
}
