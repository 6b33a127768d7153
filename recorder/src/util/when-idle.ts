/**
 * Runs `run` when the main thread is idle, at the latest after `timeoutMs`. Safari has no
 * requestIdleCallback; a short timer there still keeps the work out of the current task.
 * Answers a cancel function.
 */
export function whenIdle(run: () => void, timeoutMs: number): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(run, { timeout: timeoutMs });
    return () => cancelIdleCallback(handle);
  }
  const timer = setTimeout(run, 50);
  return () => clearTimeout(timer);
}

/** Runs `run` once the page's `load` event has passed (at once if it already has). */
export function afterLoad(run: () => void): () => void {
  if (document.readyState === 'complete') {
    const timer = setTimeout(run, 0);
    return () => clearTimeout(timer);
  }
  const onLoad = () => run();
  addEventListener('load', onLoad, { once: true });
  return () => removeEventListener('load', onLoad);
}
