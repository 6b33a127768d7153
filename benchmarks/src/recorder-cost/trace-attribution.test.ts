import { describe, expect, it } from 'vitest';
import { attributeMainThread, type TraceEvent } from './trace-attribution.ts';

const thread = (pid: number, tid: number, name: string): TraceEvent => ({
  name: 'thread_name',
  ph: 'M',
  pid,
  tid,
  ts: 0,
  args: { name },
});
const x = (name: string, ts: number, dur: number, url?: string, tid = 1): TraceEvent => ({
  name,
  ph: 'X',
  pid: 1,
  tid,
  ts,
  dur,
  ...(url ? { args: { data: { url } } } : {}),
});
const isRecorder = (u: string) => u.includes('/bench/');

describe('attributeMainThread', () => {
  const events = [
    thread(1, 1, 'CrRendererMain'),
    thread(1, 2, 'ThreadPoolForegroundWorker'),
    // A page task with the recorder's observer callback at its end: 30 ms of 100 are the recorder's.
    x('ThreadControllerImpl::RunTask', 0, 100_000),
    x('FunctionCall', 1_000, 60_000, 'http://x/docs/page.js'),
    x('FunctionCall', 70_000, 30_000, 'http://x/bench/rrweb.js'),
    x('FunctionCall', 75_000, 5_000, 'http://x/bench/rrweb.js'),
    // A recorder timer task of 45 ms.
    x('ThreadControllerImpl::RunTask', 200_000, 50_000),
    x('FunctionCall', 201_000, 45_000, 'http://x/bench/rrweb.js'),
    // Work on another thread is not the main thread's.
    x('ThreadControllerImpl::RunTask', 300_000, 900_000, undefined, 2),
    x('FunctionCall', 300_000, 800_000, 'http://x/bench/rrweb.js', 2),
  ];

  it("finds the longest task and the recorder's longest block within one task", () => {
    const c = attributeMainThread(events, isRecorder);
    expect(c.longestTaskMs).toBe(100);
    expect(c.longestRecorderBlockMs).toBe(45);
  });

  it('counts nested recorder calls once', () => {
    expect(attributeMainThread(events, isRecorder).recorderJsMs).toBe(75);
  });

  it("counts the recorder's thread time, not the wall time other processes stretched", () => {
    const stretched = [
      thread(1, 1, 'CrRendererMain'),
      x('ThreadControllerImpl::RunTask', 0, 90_000),
      { ...x('FunctionCall', 0, 80_000, 'http://x/bench/rrweb.js'), tdur: 20_000 },
    ];
    expect(attributeMainThread(stretched, isRecorder)).toMatchObject({
      longestTaskMs: 90,
      longestRecorderBlockMs: 20,
      recorderJsMs: 20,
    });
  });

  it('attributes nothing when no script is the recorder', () => {
    expect(attributeMainThread(events, () => false).longestRecorderBlockMs).toBe(0);
  });
});
