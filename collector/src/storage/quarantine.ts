import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Spooled records that storage refused again and again, kept as one JSON file each for the
 * operator to read, fix and re-send. Taking a record out of the spool's way is what lets every
 * record behind it be stored; keeping it on disk is what keeps it from being lost.
 */
export class Quarantine {
  readonly dir: string;
  #count: number;

  constructor(spoolDir: string) {
    this.dir = join(spoolDir, 'quarantine');
    mkdirSync(this.dir, { recursive: true });
    this.#count = readdirSync(this.dir).filter((f) => f.endsWith('.json')).length;
  }

  /** Records on disk now, those of earlier runs included. */
  get count(): number {
    return this.#count;
  }

  /** Writes the record and its last error durably (write, fsync, rename) before it leaves the spool. */
  async keep(item: unknown, error: unknown): Promise<string> {
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID()}.json`;
    const tmp = join(this.dir, `${name}.tmp`);
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(JSON.stringify({ error: (error as Error)?.message ?? String(error), record: item }));
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, join(this.dir, name));
    this.#count++;
    return name;
  }
}
