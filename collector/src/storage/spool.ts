import { crc32 } from 'node:zlib';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { open, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openSpoolFile, writeAll, type OpenSpoolFile, type SpoolFile } from './spool-file.ts';

export class SpoolFullError extends Error {
  override readonly name = 'SpoolFullError';
  readonly code = 'SPOOL_FULL';
}

/** A write to the log failed (a full disk, an I/O error): nothing of it was acknowledged. */
export class SpoolWriteError extends Error {
  override readonly name = 'SpoolWriteError';
  readonly code = 'SPOOL_WRITE_FAILED';
}

/** What one pass of `drain` did: records stored, and those that failed with their error. */
export interface DrainResult<T> {
  stored: number;
  failed: { item: T; error: unknown }[];
}

const HEADER = 8; // u32 length + u32 crc32 of the payload

/**
 * A write-ahead log on disk for what storage could not take. `append` resolves only once the
 * record is fsynced, so a record the collector acknowledged survives a crash; appends that arrive
 * together share one fsync. Records are read back in order; the offset of the last one drained
 * is itself fsynced, so a restart replays exactly the records not yet stored. A record cut short
 * by a crash fails its checksum and is dropped: it was never acknowledged. A write that fails or
 * falls short (a full disk) is cut off the log again and answered as a failure, so no later record
 * ever follows a torn one.
 */
export class Spool<T> {
  readonly #log: string;
  readonly #offsetFile: string;
  #fh: SpoolFile | undefined;
  /** Bytes of the log including appends queued but not yet written. */
  #size = 0;
  /** Bytes of the log known to be written whole. */
  #written = 0;
  /** Set when a failed write could not be cut off again: nothing more is appended after it. */
  #broken: unknown;
  #offset = 0;
  /** Records not yet drained, in log order, with the bytes each takes; `done` once stored. */
  #pending: { item: T; bytes: number; done: boolean }[] = [];
  #queue: { buf: Buffer; done: (e?: unknown) => void }[] = [];
  #flushScheduled = false;
  /** Every write, fsync and truncation runs on this one chain, so none overlaps another. */
  #io: Promise<void> = Promise.resolve();

  constructor(
    dir: string,
    private readonly maxBytes: number,
    private readonly openFile: OpenSpoolFile = openSpoolFile,
  ) {
    mkdirSync(dir, { recursive: true });
    this.#log = join(dir, 'spool.log');
    this.#offsetFile = join(dir, 'spool.offset');
  }

  /** Loads what an earlier process left; call once before use. */
  async open(): Promise<void> {
    this.#offset = existsSync(this.#offsetFile) ? Number(readFileSync(this.#offsetFile, 'utf8')) || 0 : 0;
    const bytes = existsSync(this.#log) ? readFileSync(this.#log) : Buffer.alloc(0);
    let at = this.#offset;
    while (at + HEADER <= bytes.length) {
      const len = bytes.readUInt32LE(at);
      const sum = bytes.readUInt32LE(at + 4);
      const payload = bytes.subarray(at + HEADER, at + HEADER + len);
      if (payload.length < len || crc32(payload) !== sum) break;
      this.#pending.push({ item: JSON.parse(payload.toString('utf8')) as T, bytes: HEADER + len, done: false });
      at += HEADER + len;
    }
    this.#fh = await this.openFile(this.#log);
    // Drop a torn tail so new records follow the last whole one.
    if (at < bytes.length) await this.#fh.truncate(at);
    this.#size = this.#written = at;
  }

  /** Records appended and not yet drained, oldest first. */
  get pending(): readonly T[] {
    return this.#pending.filter((p) => !p.done).map((p) => p.item);
  }

  /** Whether an append of a small record would be taken now (not full, not broken by a failed write). */
  get accepting(): boolean {
    return !this.#broken && !this.full;
  }

  /** Too full for another small record (64 KiB): readiness turns false a little before appends fail. */
  get full(): boolean {
    return this.bytes + 64 * 1024 > this.maxBytes;
  }

  get bytes(): number {
    return this.#size - this.#offset;
  }

  async append(item: T): Promise<void> {
    const payload = Buffer.from(JSON.stringify(item), 'utf8');
    if (this.bytes + HEADER + payload.length > this.maxBytes) {
      throw new SpoolFullError(
        `the write-ahead spool is full (${this.maxBytes} bytes); storage has been unavailable too long`,
      );
    }
    if (this.#broken)
      throw new SpoolWriteError('the write-ahead spool cannot be written; restart the collector', {
        cause: this.#broken,
      });
    const header = Buffer.alloc(HEADER);
    header.writeUInt32LE(payload.length, 0);
    header.writeUInt32LE(crc32(payload), 4);
    this.#size += HEADER + payload.length;
    await new Promise<void>((resolve, reject) => {
      this.#queue.push({ buf: Buffer.concat([header, payload]), done: (e) => (e ? reject(e) : resolve()) });
      if (!this.#flushScheduled) {
        this.#flushScheduled = true;
        this.#io = this.#io.then(() => this.#flush());
      }
    });
    this.#pending.push({ item, bytes: HEADER + payload.length, done: false });
  }

  /** One write and one fsync for everything queued since the last. */
  async #flush(): Promise<void> {
    this.#flushScheduled = false;
    const batch = this.#queue;
    this.#queue = [];
    const buf = Buffer.concat(batch.map((b) => b.buf));
    try {
      await writeAll(this.#fh!, buf);
      await this.#fh!.sync();
      this.#written += buf.length;
      for (const b of batch) b.done();
    } catch (cause) {
      // Cut the torn bytes off, so the next record is not written after them (a restart would stop
      // reading at the tear and lose it); if even that fails, append nothing more.
      this.#size -= buf.length;
      await this.#fh!.truncate(this.#written).catch((e: unknown) => (this.#broken = e));
      const error = new SpoolWriteError(`the write-ahead spool could not be written (${(cause as Error).message})`, {
        cause,
      });
      for (const b of batch) b.done(error);
    }
  }

  /**
   * Hands every record not yet drained to `store`, oldest first, up to `chunk` at a time side by
   * side. A record that fails stays for the next pass and does not stop the ones behind it, so one
   * record storage keeps refusing blocks nobody. The pass ends early after a chunk for which
   * `goOn` says no (by default: one that stored nothing, as when storage is down), so an outage
   * costs one chunk of attempts per pass, not the whole spool. The drained offset moves over
   * stored records.
   */
  async drain(
    store: (item: T) => Promise<void>,
    chunk = 500,
    goOn: (chunkResult: DrainResult<T>) => boolean = (r) => r.stored > 0,
  ): Promise<DrainResult<T>> {
    const result: DrainResult<T> = { stored: 0, failed: [] };
    const todo = this.#pending.filter((p) => !p.done);
    for (let i = 0; i < todo.length; i += chunk) {
      const heads = todo.slice(i, i + chunk);
      const settled = await Promise.allSettled(heads.map((h) => store(h.item)));
      const now: DrainResult<T> = { stored: 0, failed: [] };
      settled.forEach((r, j) => {
        if (r.status === 'fulfilled') {
          heads[j]!.done = true;
          now.stored++;
        } else now.failed.push({ item: heads[j]!.item, error: r.reason });
      });
      result.stored += now.stored;
      result.failed.push(...now.failed);
      await this.#advance();
      if (!goOn(now)) break;
    }
    this.#io = this.#io.then(() => this.#resetIfEmpty());
    await this.#io;
    return result;
  }

  /** Marks a record drained without storing it: it has been kept elsewhere (the quarantine). */
  async remove(item: T): Promise<void> {
    const p = this.#pending.find((x) => x.item === item);
    if (p) p.done = true;
    await this.#advance();
  }

  /** Moves the drained offset over the stored records at the head of the log. */
  async #advance(): Promise<void> {
    let moved = 0;
    while (this.#pending[0]?.done) moved += this.#pending.shift()!.bytes;
    if (moved === 0) return;
    this.#offset += moved;
    await this.#saveOffset();
  }

  async #saveOffset(): Promise<void> {
    const tmp = `${this.#offsetFile}.tmp`;
    const fh = await open(tmp, 'w');
    await fh.writeFile(String(this.#offset));
    await fh.sync();
    await fh.close();
    await rename(tmp, this.#offsetFile);
  }

  /** Empty again: start a fresh log so the file does not grow forever (only if nothing arrived meanwhile). */
  async #resetIfEmpty(): Promise<void> {
    if (this.#pending.length || this.#queue.length || this.#size !== this.#offset) return;
    await this.#fh!.truncate(0);
    this.#size = this.#written = 0;
    this.#offset = 0;
    await writeFile(this.#offsetFile, '0');
  }

  async close(): Promise<void> {
    await this.#io;
    await this.#fh?.close();
  }
}
