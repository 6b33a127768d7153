/** A Chrome trace event, as much of it as the attribution reads. */
export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of the event; wall time (`dur`) also counts time other processes took the core. */
  tdur?: number;
  args?: { name?: string; data?: { url?: string } };
}

export interface MainThreadCost {
  /** The longest task on the page's main thread, whoever ran it (page, recorder, browser). */
  longestTaskMs: number;
  /** The longest time the recorder's own code held the main thread within one task (thread time). */
  longestRecorderBlockMs: number;
  /** All of the recorder's own main-thread JavaScript (thread time). */
  recorderJsMs: number;
}

const TASK = 'ThreadControllerImpl::RunTask';
const JS = new Set(['FunctionCall', 'EvaluateScript', 'v8.compile', 'v8.compileModule']);

/**
 * Attributes main-thread time to the recorder from a devtools.timeline trace: a task's recorder
 * time is the thread time of its outermost JS entries (callbacks, timers, observers, script evaluation)
 * whose script is one of the recorder's. The page's own work in the same task (our mutation burst,
 * layout) is not the recorder's and is not counted; a recorder function the page calls directly
 * runs inside the page's entry and is not counted either (none of these recorders is called so).
 */
export function attributeMainThread(
  events: readonly TraceEvent[],
  isRecorderUrl: (url: string) => boolean,
): MainThreadCost {
  const main = events.find(
    (e) =>
      e.name === 'thread_name' &&
      e.args?.name === 'CrRendererMain' &&
      events.some((x) => x.pid === e.pid && x.name === 'FunctionCall'),
  );
  if (!main) return { longestTaskMs: NaN, longestRecorderBlockMs: NaN, recorderJsMs: NaN };
  const onMain = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const tasks = onMain.filter((e) => e.name === TASK);
  const js = onMain.filter((e) => JS.has(e.name));
  // Outermost JS entries only: a FunctionCall inside another is already inside its time.
  const outer: TraceEvent[] = [];
  let end = -Infinity;
  for (const e of js) {
    if (e.ts >= end) {
      outer.push(e);
      end = e.ts + e.dur!;
    }
  }
  const mine = outer.filter((e) => isRecorderUrl(e.args?.data?.url ?? ''));
  const cpu = (e: TraceEvent) => e.tdur ?? e.dur!;
  let longestBlock = 0;
  let i = 0;
  for (const t of tasks) {
    let inTask = 0;
    while (i < mine.length && mine[i]!.ts < t.ts) i++;
    for (let j = i; j < mine.length && mine[j]!.ts < t.ts + t.dur!; j++) inTask += cpu(mine[j]!);
    longestBlock = Math.max(longestBlock, inTask);
  }
  const us = 1000;
  return {
    longestTaskMs: Math.max(0, ...tasks.map((t) => t.dur!)) / us,
    longestRecorderBlockMs: longestBlock / us,
    recorderJsMs: mine.reduce((n, e) => n + cpu(e), 0) / us,
  };
}
