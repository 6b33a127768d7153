import type { ClickHouseClient } from '@clickhouse/client';
import type { RecorderBatch } from '@loupe/schemas';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { BatchWriter } from './batch-writer.ts';
import { StorageError } from './errors.ts';
import type { RecorderSink, StoreOutcome } from './recorder-sink.ts';
import type { Spool } from './spool.ts';
import { selectRows } from './queries/select.ts';

export type SpoolItem =
  | { kind: 'recorder'; tenantId: string; batch: RecorderBatch }
  | { kind: 'rows'; table: string; rows: { id: string; tenant_id: string }[] };

export type WriteOutcome = StoreOutcome | 'spooled';

/**
 * Acknowledged means stored: in ClickHouse, or fsynced in the write-ahead spool while ClickHouse
 * is not answering. After a write fails, writes go straight to the spool (no waiting on a server
 * that hangs) until the drainer has replayed the spool into storage. Replays are idempotent:
 * recorder batches go through the receipt check, and rows whose ids are already stored are skipped,
 * so a crash between storing and marking drained stores nothing twice.
 */
export class DurableWrites {
  #down = false;
  #timer: NodeJS.Timeout | undefined;
  #draining: Promise<number> | undefined;

  constructor(
    private readonly d: { client: ClickHouseClient; writer: BatchWriter; recorder: RecorderSink; spool: Spool<SpoolItem>; logger: Logger },
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
        if (!(e instanceof StorageError)) throw e;
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
    try {
      const n = await this.d.spool.drain((items) => this.#replay(items));
      this.#down = false;
      this.d.logger.info({ records: n }, 'spool drained into storage');
      return n;
    } catch (err) {
      this.d.logger.warn({ err, left: this.d.spool.pending.length }, 'storage still failing; the spool is kept');
      return 0;
    }
  }

  async #replay(items: SpoolItem[]): Promise<void> {
    const byTable = new Map<string, { id: string; tenant_id: string }[]>();
    for (const i of items) if (i.kind === 'rows') byTable.set(i.table, [...(byTable.get(i.table) ?? []), ...i.rows]);
    await Promise.all([
      ...items.filter((i) => i.kind === 'recorder').map((i) => this.d.recorder.store(i.tenantId, i.batch)),
      ...[...byTable].map(async ([table, rows]) => {
        const stored = await this.#storedIds(table, rows);
        await this.d.writer.write(table, rows.filter((r) => !stored.has(r.id)));
      }),
    ]);
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
