import { describe, expect, it } from 'vitest';
import { stage } from './stage.ts';

/** A stage whose runs record their items and start times, each run taking `runMs`. */
function recorded(o: Parameters<typeof stage>[1], runMs = 0) {
  const rounds: { items: number[]; at: number }[] = [];
  const s = stage<number>(async (items) => {
    rounds.push({ items, at: performance.now() });
    await new Promise((r) => setTimeout(r, runMs));
  }, o);
  return { rounds, add: (...n: number[]) => s.add(...n) };
}
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('stage: group commit', () => {
  it('starts an item on a quiet stage at once, and gathers what arrives while it runs into one round', async () => {
    const { rounds, add } = recorded({}, 20);
    add(1);
    expect(rounds.map((r) => r.items)).toEqual([[1]]);
    add(2);
    add(3, 4);
    await settle(60);
    expect(rounds.map((r) => r.items)).toEqual([[1], [2, 3, 4]]);
  });

  it('with a minimum interval, holds items arriving one by one for the next start instead of a round each', async () => {
    // Wide enough that a loaded machine's late timers cannot spread the four items over two rounds.
    const { rounds, add } = recorded({ minIntervalMs: 300 });
    add(1);
    // The first round is over at once; what comes next waits until 300 ms after its start.
    for (let i = 2; i <= 5; i++) {
      await settle(5);
      add(i);
    }
    await settle(400);
    expect(rounds.map((r) => r.items)).toEqual([[1], [2, 3, 4, 5]]);
    // Timers may fire up to a millisecond early by performance.now().
    expect(rounds[1]!.at - rounds[0]!.at).toBeGreaterThanOrEqual(299);
    // After a quiet spell longer than the interval, an item starts at once again.
    await settle(350);
    const before = rounds.length;
    add(6);
    expect(rounds.length).toBe(before + 1);
  });
});
