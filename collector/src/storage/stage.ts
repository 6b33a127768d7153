/**
 * Group commit for one step of a pipeline: items added while the step runs wait, and the next
 * run takes all of them at once, so a busy step works in large rounds and an idle one starts at
 * once. `afterTick` lets the other requests of the current tick join the first round.
 * `minIntervalMs` spaces the starts of rounds at least that far apart: what arrives in between
 * waits for the next start, so a step whose every run has a large fixed cost does not run once
 * per item when items come one by one; an item arriving after a quiet spell still starts at once.
 */
export function stage<T>(
  run: (round: T[]) => Promise<void>,
  o: { afterTick?: boolean; minIntervalMs?: number } = {},
): { add(...items: T[]): void } {
  let waiting: T[] = [];
  let running = false;
  let due = false;
  let started = -Infinity;
  const next = () => {
    due = false;
    if (running || waiting.length === 0) return;
    const wait = started + (o.minIntervalMs ?? 0) - performance.now();
    if (wait > 0) {
      due = true;
      setTimeout(next, wait);
      return;
    }
    started = performance.now();
    const round = waiting;
    waiting = [];
    running = true;
    void run(round).finally(() => {
      running = false;
      next();
    });
  };
  return {
    add(...items) {
      if (items.length === 0) return;
      for (const item of items) waiting.push(item);
      if (running || due) return;
      if (o.afterTick) {
        due = true;
        setImmediate(next);
      } else next();
    },
  };
}
