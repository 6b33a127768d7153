import type { ClickHouseClient } from '@clickhouse/client';
import type { RowStamper } from '../integrity/audit-chain.ts';
import { StorageError } from './errors.ts';
import { isRowRefusal } from './row-refusal.ts';

export interface BatchWriterOptions {
  /** Insert as soon as a table has this many rows waiting. */
  maxRows: number;
  /**
   * 0 (the default): group commit. Rows are inserted as soon as their table has no insert under
   * way (at the end of the tick they arrived in); while one is, the next gathers and goes the moment
   * it settles. A caller then waits at most one insert plus its own, never for a clock. Above 0:
   * whatever is waiting is inserted this long after the first row arrived (a fixed tick).
   */
  flushIntervalMs: number;
  /** Told after every insert, for metrics. */
  onFlush?: (info: { table: string; rows: number; ms: number; error?: unknown }) => void;
  /**
   * Tables whose rows are stamped in insert order (the audit chain). Their inserts run one at a
   * time, so the order rows were stamped in is the order they were stored in.
   */
  stampers?: Record<string, RowStamper>;
}

interface Waiter {
  rows: readonly object[];
  resolve: () => void;
  reject: (e: unknown) => void;
}

interface Pending {
  rows: object[];
  waiters: Waiter[];
  timer: NodeJS.Timeout | undefined;
  /** A group-commit flush is due at the end of this tick. */
  due: boolean;
}

/**
 * Groups rows per table and inserts them in batches, because ClickHouse wants few large inserts,
 * not many small ones. A caller's promise settles only when the insert holding its rows has
 * settled, so "resolved" means "stored". When storage refuses a merged insert's data, each
 * caller's rows are inserted again on their own, so only the caller whose rows are bad fails.
 */
export class BatchWriter {
  readonly #pending = new Map<string, Pending>();
  readonly #inflight = new Set<Promise<void>>();
  /** The last insert of each stamped table, which the next one waits for. */
  readonly #tail = new Map<string, Promise<void>>();
  /** Inserts under way per table: group commit waits for them before the next. */
  readonly #busy = new Map<string, number>();
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
      p = { rows: [], waiters: [], timer: undefined, due: false };
      this.#pending.set(table, p);
    }
    for (const r of rows) p.rows.push(r);
    const done = new Promise<void>((resolve, reject) => p.waiters.push({ rows, resolve, reject }));
    if (p.rows.length >= this.options.maxRows) this.#flushTable(table);
    else if (this.options.flushIntervalMs > 0)
      p.timer ??= setTimeout(() => this.#flushTable(table), this.options.flushIntervalMs);
    else if (!this.#busy.get(table) && !p.due) {
      // The other requests of this tick join the same insert.
      p.due = true;
      setImmediate(() => {
        if (this.#pending.get(table) === p && !this.#busy.get(table)) this.#flushTable(table);
        else p.due = false;
      });
    }
    return done;
  }

  /** Rows accepted and not yet handed to an insert (the queue an operator graphs). */
  get waitingRows(): number {
    let n = 0;
    for (const p of this.#pending.values()) n += p.rows.length;
    return n;
  }

  /** Inserts everything waiting now, and waits for every insert under way. */
  async flush(): Promise<void> {
    for (const table of [...this.#pending.keys()]) this.#flushTable(table);
    await Promise.allSettled([...this.#inflight]);
  }

  /** Inserts what waits for these tables now, without waiting for their interval; all of them at once. */
  flushNow(tables: readonly string[]): void {
    for (const table of tables) this.#flushTable(table);
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
    const insert = previous
      .then(() => this.#insert(table, p.rows))
      .then(
        () => {
          for (const w of p.waiters) w.resolve();
        },
        async (cause: unknown) => {
          if (p.waiters.length > 1 && isRowRefusal(cause)) return this.#isolate(table, p.waiters);
          for (const w of p.waiters) w.reject(failure(table, cause));
        },
      )
      .finally(() => {
        this.#inflight.delete(insert);
        if (this.#tail.get(table) === insert) this.#tail.delete(table);
      });
    this.#inflight.add(insert);
    this.#busy.set(table, (this.#busy.get(table) ?? 0) + 1);
    void insert.finally(() => this.#settled(table));
    if (stamper) this.#tail.set(table, insert);
  }

  /** Group commit: what gathered while the table's inserts ran goes now. */
  #settled(table: string): void {
    const left = (this.#busy.get(table) ?? 1) - 1;
    if (left > 0) {
      this.#busy.set(table, left);
      return;
    }
    this.#busy.delete(table);
    if (this.options.flushIntervalMs === 0 && this.#pending.has(table)) this.#flushTable(table);
  }

  /** One insert, stamped first for chained tables and committed to the chain only once stored. */
  async #insert(table: string, rows: readonly object[]): Promise<void> {
    const stamped = this.options.stampers?.[table]?.stamp(rows as object[]);
    const started = performance.now();
    try {
      await this.client.insert({ table, values: stamped?.rows ?? (rows as object[]), format: 'JSONEachRow' });
    } catch (error) {
      this.options.onFlush?.({ table, rows: rows.length, ms: performance.now() - started, error });
      throw error;
    }
    stamped?.commit();
    this.options.onFlush?.({ table, rows: rows.length, ms: performance.now() - started });
  }

  /** Each caller's rows on their own; chained tables one at a time, to keep their stamped order. */
  async #isolate(table: string, waiters: readonly Waiter[]): Promise<void> {
    const one = (w: Waiter) => this.#insert(table, w.rows).then(w.resolve, (e: unknown) => w.reject(failure(table, e)));
    if (this.options.stampers?.[table]) for (const w of waiters) await one(w);
    else await Promise.all(waiters.map(one));
  }
}

function failure(table: string, cause: unknown): StorageError {
  const code = isRowRefusal(cause) ? 'ROWS_REFUSED' : 'STORAGE_WRITE_FAILED';
  return new StorageError(code, `insert into ${table} failed: ${(cause as Error).message}`, { cause });
}
