import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../testing/memory-storage.ts';
import { openSession } from './session.ts';
import { createSessionStore } from './session-store.ts';
import { createTabClaim } from './tab-claim.ts';

const limits = { sessionIdleMs: 30 * 60_000, maxSessionMs: 12 * 3_600_000 };

function tab(session: MemoryStorage, local: MemoryStorage, page: string, now: () => number) {
  return openSession(createSessionStore(session, 's'), createTabClaim(local, 'p:', page, now), limits, now);
}

describe('the tab session', () => {
  it('is continued by the next page of the tab, with the sequence where it left off', () => {
    let t = 1_000_000;
    const [session, local] = [new MemoryStorage(), new MemoryStorage()];
    const first = tab(session, local, 'page-1', () => t);
    expect([first.nextSeq(), first.nextSeq()]).toEqual([0, 1]);
    first.release(); // pagehide
    t += 60_000;
    const second = tab(session, local, 'page-2', () => t);
    expect(second.state.id).toBe(first.state.id);
    expect(second.nextSeq()).toBe(2);
  });

  it('ends after 30 minutes without activity', () => {
    let t = 1_000_000;
    const [session, local] = [new MemoryStorage(), new MemoryStorage()];
    const first = tab(session, local, 'page-1', () => t);
    first.release();
    t += limits.sessionIdleMs + 1;
    const second = tab(session, local, 'page-2', () => t);
    expect(second.state.id).not.toBe(first.state.id);
    expect(second.nextSeq()).toBe(0);
  });

  it('is not shared with a duplicated tab while the original is open', () => {
    const t = 1_000_000;
    const local = new MemoryStorage();
    const original = tab(new MemoryStorage(), local, 'page-1', () => t);
    const copied = new MemoryStorage();
    copied.setItem('s', JSON.stringify(original.state)); // what "duplicate tab" does
    const duplicate = tab(copied, local, 'page-2', () => t);
    expect(duplicate.state.id).not.toBe(original.state.id);
  });

  it('expires when it grows past its maximum length however active it is', () => {
    let t = 1_000_000;
    const s = tab(new MemoryStorage(), new MemoryStorage(), 'page-1', () => t);
    t += limits.maxSessionMs + 1;
    s.touch();
    expect(s.tooLong()).toBe(true);
    const old = s.state.id;
    s.renew();
    expect(s.state.id).not.toBe(old);
    expect(s.tooLong()).toBe(false);
  });
});
