import type { ClickHouseClient } from '@clickhouse/client';
import {
  ARCHIVED_TABLES,
  ARCHIVE_RUNS_TABLE,
  ARCHIVE_RUN_SELECT,
  SESSIONS_TABLE,
  TENANTS_TABLE,
  archiveRunRow,
  chInt,
  mutationTarget,
  type ArchiveRunRow,
  type ClusterOptions,
} from '@loupe/schemas';
import type { Logger } from 'pino';
import { rowId } from '../ids/row-id.ts';
import { z } from 'zod';
import type { SettingsStore } from '../admin/settings-store.ts';
import { selectRows } from '../storage/queries/select.ts';
import type { ArchiveFiles } from './archive-files.ts';

export interface ArchiveDeps {
  client: ClickHouseClient;
  /** Set on a cluster, where deletes go to each shard's local table. */
  cluster?: ClusterOptions;
  settings: SettingsStore;
  files: ArchiveFiles;
  logger: Logger;
  now: () => number;
}

export interface MonthResult {
  table: string;
  month: number;
  rows: number;
  path: string;
}

type Spec = (typeof ARCHIVED_TABLES)[number];
const countRow = z.object({ n: chInt });

/** The first instant not archived: the start of the month `months` before now's month, in UTC. */
export function archiveCutoff(now: number, months: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - months, 1);
}

/**
 * Seed 000's automatic archiving. For every tenant whose `archiveAfterMonths` is above 0, each
 * month older than that moves, table by table, to a Parquet file: export, check the file holds
 * exactly the month's rows, and only then delete them from the live table. Every step is recorded
 * in `archive_runs`, so a run that died half way is finished or redone by the next, and nothing is
 * lost or archived twice.
 */
export class ArchiveJob {
  constructor(private readonly d: ArchiveDeps) {}

  async runAll(): Promise<MonthResult[]> {
    const { rows } = await selectRows(
      this.d.client,
      { sql: `SELECT DISTINCT tenant_id FROM ${TENANTS_TABLE} FINAL`, params: {} },
      z.object({ tenant_id: z.string() }),
    );
    const results: MonthResult[] = [];
    for (const { tenant_id } of rows) results.push(...(await this.runTenant(tenant_id)));
    return results;
  }

  async runTenant(tenantId: string): Promise<MonthResult[]> {
    const { archiveAfterMonths } = await this.d.settings.get(tenantId);
    if (archiveAfterMonths === 0) return [];
    const cutoff = archiveCutoff(this.d.now(), archiveAfterMonths);
    const results: MonthResult[] = [];
    for (const spec of ARCHIVED_TABLES) {
      for (const month of await this.#monthsBefore(tenantId, spec, cutoff)) {
        const r = await this.#archiveMonth(tenantId, spec, month);
        if (r) results.push(r);
      }
    }
    // The summary is derived from ingest_batches; its days in archived months go with them.
    await this.d.client.command({
      query: `DELETE FROM ${mutationTarget(SESSIONS_TABLE, this.d.cluster)} WHERE tenant_id = {t:String} AND day < toDate(fromUnixTimestamp64Milli({c:Int64}, 'UTC'))`,
      query_params: { t: tenantId, c: cutoff },
    });
    return results;
  }

  /** The runs of a tenant, newest first: what the viewer shows as the last run. */
  async history(tenantId: string, limit = 50): Promise<ArchiveRunRow[]> {
    const { rows } = await selectRows(
      this.d.client,
      {
        sql: `SELECT ${ARCHIVE_RUN_SELECT} FROM ${ARCHIVE_RUNS_TABLE} FINAL WHERE tenant_id = {t:String} ORDER BY updated_at DESC LIMIT ${limit}`,
        params: { t: tenantId },
      },
      archiveRunRow,
    );
    return rows;
  }

  async #monthsBefore(tenantId: string, spec: Spec, cutoff: number): Promise<number[]> {
    const pending = await this.#unfinished(tenantId, spec.table);
    const { rows } = await selectRows(
      this.d.client,
      {
        sql: `SELECT DISTINCT toYYYYMM(${spec.time}) AS n FROM ${spec.table}
              WHERE tenant_id = {t:String} AND ${spec.time} < fromUnixTimestamp64Milli({c:Int64}, 'UTC') ORDER BY n`,
        params: { t: tenantId, c: cutoff },
      },
      countRow,
    );
    // A month whose run died after deleting every live row still has a run to close.
    return [...new Set([...rows.map((r) => r.n), ...pending.map((p) => p.month)])].sort();
  }

  async #unfinished(tenantId: string, table: string, month?: number): Promise<ArchiveRunRow[]> {
    const { rows } = await selectRows(
      this.d.client,
      {
        sql: `SELECT ${ARCHIVE_RUN_SELECT} FROM ${ARCHIVE_RUNS_TABLE} FINAL
              WHERE tenant_id = {t:String} AND table_name = {tb:String} AND state IN ('exporting', 'exported')
              ${month === undefined ? '' : 'AND month = {m:UInt32}'}`,
        params: { t: tenantId, tb: table, m: month },
      },
      archiveRunRow,
    );
    return rows;
  }

  /** The rows one run owns; `{started}` binds the arrival bound where the table has one. */
  #monthWhere(spec: Spec): string {
    const arrival = 'arrival' in spec ? ` AND ${spec.arrival} <= fromUnixTimestamp64Milli({started:Int64}, 'UTC')` : '';
    return `tenant_id = {t:String} AND toYYYYMM(${spec.time}) = {m:UInt32}${arrival}`;
  }

  async #count(sql: string, params: Record<string, unknown>): Promise<number> {
    const { rows } = await selectRows(this.d.client, { sql, params }, countRow);
    return rows[0]?.n ?? 0;
  }

  async #record(
    tenantId: string,
    table: string,
    month: number,
    path: string,
    state: ArchiveRunRow['state'],
    rows: number,
    startedAt: number,
  ): Promise<void> {
    const now = this.d.now();
    await this.d.client.insert({
      table: ARCHIVE_RUNS_TABLE,
      // The version orders a run's states even when the clock stands still (tests, fast machines).
      values: [
        {
          tenant_id: tenantId,
          table_name: table,
          month,
          path,
          state,
          rows,
          started_at: startedAt,
          updated_at: now,
          version: now * 10 + ['exporting', 'exported', 'done', 'abandoned'].indexOf(state),
        },
      ],
      format: 'JSONEachRow',
    });
  }

  async #archiveMonth(tenantId: string, spec: Spec, month: number): Promise<MonthResult | null> {
    const log = this.d.logger.child({ tenantId, table: spec.table, month });
    // 1. Finish or abandon what an earlier run left behind.
    for (const run of await this.#unfinished(tenantId, spec.table, month)) {
      const params = { t: tenantId, m: month, started: run.started_ms, p: run.path };
      const where = this.#monthWhere(spec);
      const inFile = this.d.files.exists(run.path)
        ? await this.#count(`SELECT count() AS n FROM file({p:String}, 'Parquet')`, params)
        : -1;
      const live = await this.#count(`SELECT count() AS n FROM ${spec.table} WHERE ${where}`, params);
      if (inFile === run.rows && (live === run.rows || run.state === 'exported')) {
        // The file is whole; the live rows still there are all in it (a run never deletes more).
        log.info({ path: run.path }, 'resuming an archive run');
        return this.#deleteAndClose(tenantId, spec, month, run.path, run.rows, run.started_ms);
      }
      log.warn({ path: run.path, inFile, live, expected: run.rows }, 'abandoning an incomplete archive run');
      this.d.files.remove(run.path);
      await this.#record(tenantId, spec.table, month, run.path, 'abandoned', run.rows, run.started_ms);
    }
    // 2. Export, check, delete.
    const startedAt = this.d.now();
    const params = { t: tenantId, m: month, started: startedAt };
    const where = this.#monthWhere(spec);
    const rows = await this.#count(`SELECT count() AS n FROM ${spec.table} WHERE ${where}`, params);
    if (rows === 0) return null;
    const path = this.d.files.pathFor(tenantId, spec.table, month, rowId());
    this.d.files.prepare(path);
    await this.#record(tenantId, spec.table, month, path, 'exporting', rows, startedAt);
    await this.d.client.command({
      query: `INSERT INTO FUNCTION file({p:String}, 'Parquet') SELECT * FROM ${spec.table} WHERE ${where}`,
      query_params: { ...params, p: path },
    });
    const written = await this.#count(`SELECT count() AS n FROM file({p:String}, 'Parquet')`, { p: path });
    if (written !== rows) {
      this.d.files.remove(path);
      await this.#record(tenantId, spec.table, month, path, 'abandoned', rows, startedAt);
      throw new Error(`archive of ${spec.table} ${month} wrote ${written} rows, expected ${rows}; nothing was deleted`);
    }
    await this.#record(tenantId, spec.table, month, path, 'exported', rows, startedAt);
    log.info({ rows, path }, 'archived month exported');
    return this.#deleteAndClose(tenantId, spec, month, path, rows, startedAt);
  }

  async #deleteAndClose(
    tenantId: string,
    spec: Spec,
    month: number,
    path: string,
    rows: number,
    startedAt: number,
  ): Promise<MonthResult> {
    const params = { t: tenantId, m: month, started: startedAt };
    const where = this.#monthWhere(spec);
    await this.d.client.command({
      query: `DELETE FROM ${mutationTarget(spec.table, this.d.cluster)} WHERE ${where}`,
      query_params: params,
    });
    const left = await this.#count(`SELECT count() AS n FROM ${spec.table} WHERE ${where}`, params);
    if (left !== 0)
      throw new Error(`${left} rows of ${spec.table} ${month} are still live after the delete; the run stays open`);
    await this.#record(tenantId, spec.table, month, path, 'done', rows, startedAt);
    return { table: spec.table, month, rows, path };
  }
}
