import type { ClickHouseClient } from '@clickhouse/client';
import type { RecorderBatch } from '@loupe/schemas';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { BatchWriter } from './batch-writer.ts';
import { StorageError } from './errors.ts';
import type { RecorderSink, StoreOutcome } from './recorder-sink.ts';
import type { Quarantine } from './quarantine.ts';
import type { DrainResult, Spool } from './spool.ts';
import { selectRows } from './queries/select.ts';

export type SpoolItem =
  | { kind: 'recorder'; tenantId: string; batch: RecorderBatch }
  | { kind: 'rows'; table: string; rows: { id: string; tenant_id: string }[] };

export type WriteOutcome = StoreOutcome | 'spooled';

/** Passes a spooled record may fail with its rows refused before it is quarantined. */
export const QUARANTINE_AFTER = 3;

/**
 * Acknowledged means stored: in ClickHouse, or fsynced in the write-ahead spool while ClickHouse
 * is not answering. After a write fails, writes go straight to the spool (no waiting on a server
 * that hangs) until the drainer has replayed the spool into storage. Replays are idempotent:
 * recorder batches go through the receipt check, and rows whose ids are already stored are skipped,
 * so a crash between storing and marking drained stores nothing twice.
 *
 * Rows storage refuses as bad data (ROWS_REFUSED) never go to the spool: they would fail there
 * forever. A spooled record whose rows are refused pass after pass is moved to the quarantine
 * (kept on disk, counted), so every record behind it is stored.
 */
export class DurableWrites {
  #down = false;
  #timer: NodeJS.Timeout | undefined;
  #draining: Promise<number> | undefined;
  /** Passes in which each spooled record's rows were refused. */
  readonly #strikes = new Map<SpoolItem, number>();

  constructor(
    private readonly d: {
      client: ClickHouseClient;
      writer: BatchWriter;
      recorder: RecorderSink;
      spool: Spool<SpoolItem>;
      quarantine: Quarantine;
      logger: Logger;
      onQuarantine?: () => void;
    },
  ) {}

  /** Whether writes are going to the spool (storage failed and the spool is not yet drained). */
  get degraded(): boolean {
    return this.#down || this.d.spool.pending.length > 0;
  }

  recorderBatch(tenantId: string, batch: RecorderBatch): Promise<WriteOutcome> {
    return this.#write({ kind: 'recorder', tenantId, batch }, () => this.d.recorder.store(tenantId, batch));
  }

  async rows(table: string, rows: { id: string; tenant_id: string }[]): Promise<WriteOutcome> {
    return this.#write({ kind: 'rows', table, rows }, async () => {
      await this.d.writer.write(table, rows);
      return 'stored';
    });
  }

  async #write(item: SpoolItem, direct: () => Promise<StoreOutcome>): Promise<WriteOutcome> {
    if (!this.degraded) {
      try {
        return await direct();
      } catch (e) {
        if (!(e instanceof StorageError) || e.code === 'ROWS_REFUSED') throw e;
        this.#down = true;
        this.d.logger.warn({ err: e }, 'storage failed: writes go to the spool until it is back');
      }
    }
    await this.d.spool.append(item);
    return 'spooled';
  }

  /** Replays the spool into storage every `everyMs` while there is anything in it. */
  start(everyMs = 1_000): void {
    this.#timer = setInterval(() => void this.drain(), everyMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#draining;
  }

  /** One pass over the spool; answers how many records reached storage. */
  drain(): Promise<number> {
    this.#draining ??= this.#drainOnce().finally(() => (this.#draining = undefined));
    return this.#draining;
  }

  async #drainOnce(): Promise<number> {
    if (this.d.spool.pending.length === 0) {
      this.#down = false;
      return 0;
    }
    let result: DrainResult<SpoolItem>;
    try {
      // Go on past a chunk that stored nothing only if storage refused its rows (it is up).
      result = await this.d.spool.drain(
        (item) => this.#replay(item),
        500,
        (r) => r.stored > 0 || r.failed.every((f) => isRefused(f.error)),
      );
    } catch (err) {
      this.d.logger.warn({ err, left: this.d.spool.pending.length }, 'the spool could not be drained; it is kept');
      return 0;
    }
    for (const { item, error } of result.failed) {
      if (!isRefused(error)) continue;
      const strikes = (this.#strikes.get(item) ?? 0) + 1;
      this.#strikes.set(item, strikes);
      if (strikes < QUARANTINE_AFTER) continue;
      const file = await this.d.quarantine.keep(item, error);
      await this.d.spool.remove(item);
      this.#strikes.delete(item);
      this.d.onQuarantine?.();
      this.d.logger.error(
        { file, err: error },
        'a spooled record was refused by storage again and again; it is quarantined',
      );
    }
    if (this.d.spool.pending.length === 0) this.#down = false;
    if (result.stored)
      this.d.logger.info({ records: result.stored, left: this.d.spool.pending.length }, 'spool drained into storage');
    else if (result.failed.length)
      this.d.logger.warn({ left: this.d.spool.pending.length }, 'storage still failing; the spool is kept');
    return result.stored;
  }

  /** One spooled record, stored on its own so that its failure is its own. */
  async #replay(item: SpoolItem): Promise<void> {
    if (item.kind === 'recorder') {
      await this.d.recorder.store(item.tenantId, item.batch);
      return;
    }
    const stored = await this.#storedIds(item.table, item.rows);
    await this.d.writer.write(
      item.table,
      item.rows.filter((r) => !stored.has(r.id)),
    );
  }

  async #storedIds(table: string, rows: { id: string; tenant_id: string }[]): Promise<Set<string>> {
    const { rows: found } = await selectRows(
      this.d.client,
      {
        sql: `SELECT toString(id) AS found FROM ${table} WHERE tenant_id IN {t:Array(String)} AND id IN {ids:Array(UUID)}`,
        params: { t: [...new Set(rows.map((r) => r.tenant_id))], ids: rows.map((r) => r.id) },
      },
      z.object({ found: z.string() }),
    );
    return new Set(found.map((f) => f.found));
  }
}

const isRefused = (e: unknown) => e instanceof StorageError && e.code === 'ROWS_REFUSED';
