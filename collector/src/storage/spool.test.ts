import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Spool, SpoolFullError, SpoolWriteError } from './spool.ts';
import { openSpoolFile, type OpenSpoolFile } from './spool-file.ts';

const dirs: string[] = [];
async function spoolIn(dir?: string, max = 1024 * 1024, openFile?: OpenSpoolFile) {
  const d = dir ?? mkdtempSync(join(tmpdir(), 'loupe-spool-'));
  dirs.push(d);
  const s = new Spool<{ n: number; text?: string }>(d, max, openFile);
  await s.open();
  return { s, dir: d };
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the write-ahead spool', () => {
  it('keeps what was appended across a restart, in order', async () => {
    const { s, dir } = await spoolIn();
    await Promise.all(Array.from({ length: 50 }, (_, n) => s.append({ n })));
    await s.close();
    const { s: again } = await spoolIn(dir);
    expect(again.pending.map((p) => p.n)).toEqual(Array.from({ length: 50 }, (_, n) => n));
  });

  it('resumes after the last drained record, and starts an empty log when all are drained', async () => {
    const { s, dir } = await spoolIn();
    for (let n = 0; n < 10; n++) await s.append({ n });
    // Storage fails from the fifth record on: the first four are drained, the rest are kept.
    // The second chunk stores nothing, so the pass ends there instead of trying the third.
    const first = await s.drain(async (i) => {
      if (i.n >= 4) throw new Error('storage down');
    }, 4);
    expect(first).toMatchObject({ stored: 4 });
    expect(first.failed.map((f) => f.item.n)).toEqual([4, 5, 6, 7]);
    await s.close();
    const { s: again } = await spoolIn(dir);
    expect(again.pending.map((p) => p.n)).toEqual([4, 5, 6, 7, 8, 9]);
    const seen: number[] = [];
    expect((await again.drain(async (i) => void seen.push(i.n))).stored).toBe(6);
    expect(seen).toEqual([4, 5, 6, 7, 8, 9]);
    expect(statSync(join(dir, 'spool.log')).size).toBe(0);
  });

  it('stores every record behind one that keeps failing, and keeps only that one', async () => {
    const { s, dir } = await spoolIn();
    for (let n = 0; n < 10; n++) await s.append({ n });
    const result = await s.drain(
      async (i) => {
        if (i.n === 2) throw new Error('refused');
      },
      3,
      () => true,
    );
    expect(result.stored).toBe(9);
    expect(s.pending.map((p) => p.n)).toEqual([2]);
    await s.remove(s.pending[0]!);
    expect(s.pending).toEqual([]);
    await s.close();
    expect((await spoolIn(dir)).s.pending).toEqual([]);
  });

  it('answers a write that falls short on a full disk as a failure, and a restart holds only what was acknowledged', async () => {
    let full = false;
    // A disk that fills up half way through a write: the first part lands, then ENOSPC.
    const fillingDisk: OpenSpoolFile = async (path) => {
      const real = await openSpoolFile(path);
      return {
        write: async (buf, offset, length) => {
          if (!full) return real.write(buf, offset, length);
          if (length > 8) return real.write(buf, offset, Math.floor(length / 3));
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        },
        sync: () => real.sync(),
        truncate: (n) => real.truncate(n),
        close: () => real.close(),
      };
    };
    const { s, dir } = await spoolIn(undefined, 1024 * 1024, fillingDisk);
    await s.append({ n: 1, text: 'a'.repeat(3_000) });
    full = true;
    await expect(s.append({ n: 2, text: 'b'.repeat(3_000) })).rejects.toBeInstanceOf(SpoolWriteError);
    full = false;
    await s.append({ n: 3, text: 'c'.repeat(3_000) });
    await s.close();
    expect(statSync(join(dir, 'spool.log')).size).toBe(
      2 * (8 + JSON.stringify({ n: 1, text: 'a'.repeat(3_000) }).length),
    );
    expect((await spoolIn(dir)).s.pending.map((p) => p.n)).toEqual([1, 3]);
  });

  it('drops a record cut short by a crash, which was never acknowledged', async () => {
    const { s, dir } = await spoolIn();
    await s.append({ n: 1 });
    await s.append({ n: 2, text: 'x'.repeat(100) });
    await s.close();
    const log = join(dir, 'spool.log');
    const whole = readFileSync(log);
    rmSync(log);
    appendFileSync(log, whole.subarray(0, whole.length - 10));
    const { s: again } = await spoolIn(dir);
    expect(again.pending).toEqual([{ n: 1 }]);
    await again.append({ n: 3 });
    await again.close();
    expect((await spoolIn(dir)).s.pending.map((p) => p.n)).toEqual([1, 3]);
  });

  it('refuses appends past its size, and takes them again once drained', async () => {
    const { s } = await spoolIn(undefined, 200);
    await s.append({ n: 1, text: 'a'.repeat(100) });
    await expect(s.append({ n: 2, text: 'b'.repeat(100) })).rejects.toBeInstanceOf(SpoolFullError);
    await s.drain(async () => {});
    await expect(s.append({ n: 3, text: 'c'.repeat(100) })).resolves.toBeUndefined();
  });
});
