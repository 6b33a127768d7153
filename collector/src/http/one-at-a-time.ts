/**
 * Runs `task` once no other task of the same key is running in this process, so two requests for
 * one thing (an idempotency key, a session's binding) cannot decide at the same time; tasks of
 * other keys run freely. `running` is the caller's own map, kept in its instance. A task that
 * fails releases the key like one that succeeds; the waiters then run theirs.
 */
export async function oneAtATime<T>(
  running: Map<string, Promise<unknown>>,
  key: string,
  task: () => Promise<T>,
): Promise<T> {
  for (let r = running.get(key); r; r = running.get(key)) await r.catch(() => undefined);
  const p = task();
  running.set(key, p);
  try {
    return await p;
  } finally {
    running.delete(key);
  }
}
