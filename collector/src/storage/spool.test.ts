import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Spool, SpoolFullError } from './spool.ts';

const dirs: string[] = [];
async function spoolIn(dir?: string, max = 1024 * 1024) {
  const d = dir ?? mkdtempSync(join(tmpdir(), 'loupe-spool-'));
  dirs.push(d);
  const s = new Spool<{ n: number; text?: string }>(d, max);
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
    let calls = 0;
    await expect(s.drain(async () => { if (++calls === 2) throw new Error('storage down'); }, 4)).rejects.toThrow('storage down');
    await s.close();
    const { s: again } = await spoolIn(dir);
    expect(again.pending.map((p) => p.n)).toEqual([4, 5, 6, 7, 8, 9]);
    const seen: number[] = [];
    expect(await again.drain(async (items) => void seen.push(...items.map((i) => i.n)))).toBe(6);
    expect(seen).toEqual([4, 5, 6, 7, 8, 9]);
    expect(statSync(join(dir, 'spool.log')).size).toBe(0);
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
