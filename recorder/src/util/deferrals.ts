import { guard, type Report } from './report.ts';

export interface Deferrals {
  /**
   * Runs `run` after `ms`. With `restart` a later call for the same key starts the wait again
   * (debounce); without, it only replaces what will run (throttle with a trailing call).
   */
  defer(key: unknown, ms: number, run: () => void, restart: boolean): void;
  /** Runs the pending work of one key now. */
  fire(key: unknown): void;
  /** Runs all pending work now: before a flush, so the last input or scroll is not left behind. */
  flush(): void;
  /** Drops all pending work. */
  cancel(): void;
}

/** Keyed timers for throttled and debounced observers; one place to flush or cancel them all. */
export function createDeferrals(report: Report): Deferrals {
  const pending = new Map<unknown, { timer: ReturnType<typeof setTimeout>; run: () => void }>();
  const fire = (key: unknown) => {
    const p = pending.get(key);
    if (!p) return;
    pending.delete(key);
    clearTimeout(p.timer);
    guard(report, p.run)();
  };
  return {
    defer(key, ms, run, restart) {
      const p = pending.get(key);
      if (p && !restart) {
        p.run = run;
        return;
      }
      if (p) clearTimeout(p.timer);
      pending.set(key, { run, timer: setTimeout(() => fire(key), ms) });
    },
    fire,
    flush: () => [...pending.keys()].forEach(fire),
    cancel() {
      pending.forEach((p) => clearTimeout(p.timer));
      pending.clear();
    },
  };
}
