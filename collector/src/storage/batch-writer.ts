import type { ClickHouseClient } from '@clickhouse/client';
import type { RowStamper } from '../integrity/audit-chain.ts';
import { StorageError } from './errors.ts';

export interface BatchWriterOptions {
  /** Insert as soon as a table has this many rows waiting. */
  maxRows: number;
  /** Insert whatever is waiting this long after the first row arrived. */
  flushIntervalMs: number;
  /** Told after every insert, for metrics. */
  onFlush?: (info: { table: string; rows: number; ms: number; error?: unknown }) => void;
  /**
   * Tables whose rows are stamped in insert order (the audit chain). Their inserts run one at a
   * time, so the order rows were stamped in is the order they were stored in.
   */
  stampers?: Record<string, RowStamper>;
}

interface Pending {
  rows: object[];
  waiters: { resolve: () => void; reject: (e: unknown) => void }[];
  timer: NodeJS.Timeout | undefined;
}

/**
 * Groups rows per table and inserts them in batches, because ClickHouse wants few large inserts,
 * not many small ones. A caller's promise settles only when the insert holding its rows has
 * settled, so "resolved" means "stored".
 */
export class BatchWriter {
  readonly #pending = new Map<string, Pending>();
  readonly #inflight = new Set<Promise<void>>();
  /** The last insert of each stamped table, which the next one waits for. */
  readonly #tail = new Map<string, Promise<void>>();
  #closed = false;

  constructor(
    private readonly client: ClickHouseClient,
    private readonly options: BatchWriterOptions,
  ) {}

  /** Resolves once `rows` are stored in `table`; rejects with a StorageError if the insert failed. */
  write(table: string, rows: readonly object[]): Promise<void> {
    if (this.#closed) return Promise.reject(new StorageError('STORAGE_WRITE_FAILED', 'the writer is closed'));
    if (rows.length === 0) return Promise.resolve();
    let p = this.#pending.get(table);
    if (!p) {
      p = { rows: [], waiters: [], timer: undefined };
      this.#pending.set(table, p);
    }
    p.rows.push(...rows);
    const done = new Promise<void>((resolve, reject) => p.waiters.push({ resolve, reject }));
    if (p.rows.length >= this.options.maxRows) this.#flushTable(table);
    else p.timer ??= setTimeout(() => this.#flushTable(table), this.options.flushIntervalMs);
    return done;
  }

  /** Inserts everything waiting now, and waits for every insert under way. */
  async flush(): Promise<void> {
    for (const table of [...this.#pending.keys()]) this.#flushTable(table);
    await Promise.allSettled([...this.#inflight]);
  }

  /** Flushes and refuses further writes. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
  }

  #flushTable(table: string): void {
    const p = this.#pending.get(table);
    if (!p) return;
    this.#pending.delete(table);
    clearTimeout(p.timer);
    const stamper = this.options.stampers?.[table];
    const previous = stamper ? (this.#tail.get(table) ?? Promise.resolve()) : Promise.resolve();
    let stamped: ReturnType<RowStamper['stamp']> | undefined;
    const started = performance.now();
    const insert = previous
      .then(() => {
        stamped = stamper?.stamp(p.rows);
        return this.client.insert({ table, values: stamped?.rows ?? p.rows, format: 'JSONEachRow' });
      })
      .then(
        () => {
          stamped?.commit();
          this.options.onFlush?.({ table, rows: p.rows.length, ms: performance.now() - started });
          for (const w of p.waiters) w.resolve();
        },
        (cause: unknown) => {
          this.options.onFlush?.({ table, rows: p.rows.length, ms: performance.now() - started, error: cause });
          const error = new StorageError('STORAGE_WRITE_FAILED', `insert into ${table} failed: ${(cause as Error).message}`, { cause });
          for (const w of p.waiters) w.reject(error);
        },
      )
      .finally(() => {
        this.#inflight.delete(insert);
        if (this.#tail.get(table) === insert) this.#tail.delete(table);
      });
    this.#inflight.add(insert);
    if (stamper) this.#tail.set(table, insert);
  }
}
