import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { STALE_LOCK_MS, buildUnderLock, lockIsStale } from './build-lock.ts';

const dir = mkdtempSync(join(tmpdir(), 'loupe-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A pid that surely belongs to no process: one that just exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;
const anHourAgo = () => (Date.now() - 3_600_000) / 1000;

describe('the build lock', () => {
  it('builds once when several wait for the same output', async () => {
    const out = join(dir, 'out-1');
    let builds = 0;
    const build = async () => {
      builds++;
      await new Promise((r) => setTimeout(r, 300));
      writeFileSync(out, 'built');
    };
    await Promise.all([1, 2, 3].map(() => buildUnderLock(join(dir, 'lock-1'), () => !existsSync(out), build)));
    expect(builds).toBe(1);
    expect(existsSync(join(dir, 'lock-1'))).toBe(false);
  });

  it("never takes over a lock whose owner lives, however old, and takes over a dead owner's at once", () => {
    const lock = join(dir, 'lock-2');
    mkdirSync(lock);
    writeFileSync(join(lock, 'owner.pid'), String(process.pid));
    utimesSync(lock, anHourAgo(), anHourAgo());
    expect(lockIsStale(lock)).toBe(false);
    writeFileSync(join(lock, 'owner.pid'), String(deadPid()));
    utimesSync(lock, new Date(), new Date());
    expect(lockIsStale(lock)).toBe(true);
  });

  it("treats an ownerless lock (an older helper's) as stale only after STALE_LOCK_MS", () => {
    const lock = join(dir, 'lock-3');
    mkdirSync(lock);
    expect(lockIsStale(lock)).toBe(false);
    expect(lockIsStale(lock, Date.now() + STALE_LOCK_MS + 1_000)).toBe(true);
  });

  it('builds past a lock its dead owner left behind', async () => {
    const lock = join(dir, 'lock-4');
    const out = join(dir, 'out-4');
    mkdirSync(lock);
    writeFileSync(join(lock, 'owner.pid'), String(deadPid()));
    await buildUnderLock(
      lock,
      () => !existsSync(out),
      () => writeFileSync(out, 'built'),
    );
    expect(existsSync(out)).toBe(true);
  });
});
