/**
 * Group commit for one step of a pipeline: items added while the step runs wait, and the next
 * run takes all of them at once, so a busy step works in large rounds and an idle one starts at
 * once. `afterTick` lets the other requests of the current tick join the first round.
 */
export function stage<T>(
  run: (round: T[]) => Promise<void>,
  o: { afterTick?: boolean } = {},
): { add(...items: T[]): void } {
  let waiting: T[] = [];
  let running = false;
  let due = false;
  const next = () => {
    due = false;
    if (running || waiting.length === 0) return;
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
