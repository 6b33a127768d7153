import { crc32 } from 'node:zlib';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { open, rename, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

export class SpoolFullError extends Error {
  override readonly name = 'SpoolFullError';
  readonly code = 'SPOOL_FULL';
}

const HEADER = 8; // u32 length + u32 crc32 of the payload

/**
 * A write-ahead log on disk for what storage could not take. `append` resolves only once the
 * record is fsynced, so a record the collector acknowledged survives a crash; appends that arrive
 * together share one fsync. Records are read back in order; the offset of the last one drained
 * is itself fsynced, so a restart replays exactly the records not yet stored. A record cut short
 * by a crash fails its checksum and is dropped: it was never acknowledged.
 */
export class Spool<T> {
  readonly #log: string;
  readonly #offsetFile: string;
  #fh: FileHandle | undefined;
  #size = 0;
  #offset = 0;
  /** Records not yet drained, with the bytes each takes in the log. */
  #pending: { item: T; bytes: number }[] = [];
  #queue: { buf: Buffer; done: (e?: unknown) => void }[] = [];
  #flushScheduled = false;
  /** Every write, fsync and truncation runs on this one chain, so none overlaps another. */
  #io: Promise<void> = Promise.resolve();

  constructor(
    dir: string,
    private readonly maxBytes: number,
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
      this.#pending.push({ item: JSON.parse(payload.toString('utf8')) as T, bytes: HEADER + len });
      at += HEADER + len;
    }
    this.#fh = await open(this.#log, 'a+');
    // Drop a torn tail so new records follow the last whole one.
    if (at < bytes.length) await this.#fh.truncate(at);
    this.#size = at;
  }

  /** Records appended and not yet drained, oldest first. */
  get pending(): readonly T[] {
    return this.#pending.map((p) => p.item);
  }

  get bytes(): number {
    return this.#size - this.#offset;
  }

  async append(item: T): Promise<void> {
    const payload = Buffer.from(JSON.stringify(item), 'utf8');
    if (this.bytes + HEADER + payload.length > this.maxBytes) {
      throw new SpoolFullError(`the write-ahead spool is full (${this.maxBytes} bytes); storage has been unavailable too long`);
    }
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
    this.#pending.push({ item, bytes: HEADER + payload.length });
  }

  /** One write and one fsync for everything queued since the last. */
  async #flush(): Promise<void> {
    this.#flushScheduled = false;
    const batch = this.#queue;
    this.#queue = [];
    try {
      await this.#fh!.write(Buffer.concat(batch.map((b) => b.buf)));
      await this.#fh!.sync();
      for (const b of batch) b.done();
    } catch (e) {
      for (const b of batch) b.done(e);
    }
  }

  /**
   * Hands records to `store` oldest first, up to `chunk` at a time, marking them drained once
   * stored; stops at the first failure, leaving that chunk and the rest for the next call.
   * Answers how many were drained.
   */
  async drain(store: (items: T[]) => Promise<void>, chunk = 500): Promise<number> {
    let n = 0;
    while (this.#pending.length) {
      const heads = this.#pending.slice(0, chunk);
      await store(heads.map((h) => h.item));
      this.#pending.splice(0, heads.length);
      this.#offset += heads.reduce((sum, h) => sum + h.bytes, 0);
      await this.#saveOffset();
      n += heads.length;
    }
    this.#io = this.#io.then(() => this.#resetIfEmpty());
    await this.#io;
    return n;
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
    this.#size = 0;
    this.#offset = 0;
    await writeFile(this.#offsetFile, '0');
  }

  async close(): Promise<void> {
    await this.#io;
    await this.#fh?.close();
  }
}
