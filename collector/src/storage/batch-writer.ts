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
   * Inserts into one table that may run at once (1 when unset). One insert at a time leaves the
   * engine idle while the collector waits for it: the embedded engine runs one statement per
   * connection and its writer pool has several (open-clickhouse.ts), and a server takes parallel
   * inserts. Measured on two cores, four 4,000-row audit inserts at once stored 209,000 rows/s
   * against 98,000 one after another.
   */
  lanes?: number;
  /**
   * Tables whose rows are stamped in insert order (the audit chain), with a maker of one stamper
   * per lane: each lane's inserts run one after another and carry a chain of their own, so the
   * order a chain's rows were stamped in is the order they were stored in.
   */
  stampers?: Record<string, () => RowStamper>;
}

/** One of a table's insert lanes: its inserts run one after another. */
interface Lane {
  tail: Promise<void>;
  /** Inserts handed to this lane and not yet settled. */
  queued: number;
  stamper: RowStamper | undefined;
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
  readonly #lanes = new Map<string, Lane[]>();
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
    else if (!p.due && this.#idleLane(table)) {
      // The other requests of this tick join the same insert.
      p.due = true;
      setImmediate(() => {
        if (this.#pending.get(table) === p && this.#idleLane(table)) this.#flushTable(table);
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

  #lanesOf(table: string): Lane[] {
    let lanes = this.#lanes.get(table);
    if (!lanes) {
      const stamper = this.options.stampers?.[table];
      lanes = Array.from({ length: Math.max(1, this.options.lanes ?? 1) }, () => ({
        tail: Promise.resolve(),
        queued: 0,
        stamper: stamper?.(),
      }));
      this.#lanes.set(table, lanes);
    }
    return lanes;
  }

  #idleLane(table: string): boolean {
    return this.#lanesOf(table).some((l) => l.queued === 0);
  }

  #flushTable(table: string): void {
    const p = this.#pending.get(table);
    if (!p) return;
    this.#pending.delete(table);
    clearTimeout(p.timer);
    // The lane with the fewest inserts waiting: an idle one when there is one.
    const lane = this.#lanesOf(table).reduce((a, b) => (b.queued < a.queued ? b : a));
    const insert = lane.tail
      .then(() => this.#insert(table, p.rows, lane.stamper))
      .then(
        () => {
          for (const w of p.waiters) w.resolve();
        },
        async (cause: unknown) => {
          if (p.waiters.length > 1 && isRowRefusal(cause)) return this.#isolate(table, p.waiters, lane.stamper);
          for (const w of p.waiters) w.reject(failure(table, cause));
        },
      )
      .finally(() => {
        this.#inflight.delete(insert);
        lane.queued--;
        // Group commit: what gathered while the lanes were busy goes now.
        if (this.options.flushIntervalMs === 0 && this.#pending.has(table)) this.#flushTable(table);
      });
    this.#inflight.add(insert);
    lane.queued++;
    lane.tail = insert;
  }

  /** One insert, stamped first for chained tables and committed to the chain only once stored. */
  async #insert(table: string, rows: readonly object[], stamper: RowStamper | undefined): Promise<void> {
    const stamped = stamper?.stamp(rows as object[]);
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
  async #isolate(table: string, waiters: readonly Waiter[], stamper: RowStamper | undefined): Promise<void> {
    const one = (w: Waiter) =>
      this.#insert(table, w.rows, stamper).then(w.resolve, (e: unknown) => w.reject(failure(table, e)));
    if (stamper) for (const w of waiters) await one(w);
    else await Promise.all(waiters.map(one));
  }
}

function failure(table: string, cause: unknown): StorageError {
  const code = isRowRefusal(cause) ? 'ROWS_REFUSED' : 'STORAGE_WRITE_FAILED';
  return new StorageError(code, `insert into ${table} failed: ${(cause as Error).message}`, { cause });
}
