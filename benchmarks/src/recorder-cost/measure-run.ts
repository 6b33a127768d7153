import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchChromium } from '@loupe/testkit/chromium';
import type { PageServer } from '../browser/page-server.ts';
import { scriptedVisit, STAY_ON_PAGE } from '../browser/scripted-visit.ts';
import { sleep } from '../util/deadline.ts';
import { HEAVY_PAGE } from '../util/paths.ts';
import { attributeMainThread, type TraceEvent } from './trace-attribution.ts';
import type { Variant } from './variants.ts';

/** What one visit with one recorder cost. Times in ms, sizes in bytes. */
export interface RunMetrics {
  variant: Variant;
  /** Whether the recorder said it was recording before the visit began (and after how long). */
  ready: boolean;
  readyMs: number;
  /** Main-thread task time of the whole visit (CDP Performance.getMetrics TaskDuration, in thread CPU time). */
  taskMs: number;
  longestTaskMs: number;
  longestRecorderBlockMs: number;
  recorderJsMs: number;
  /** CPU time of the renderer processes, their workers' threads included. */
  rendererCpuMs: number;
  heapAfterGc: number;
  bytesSent: number;
  scriptBytesGz: number;
  /** Full snapshots that reached the stub (Loupe and bare rrweb only; -1 where not decoded). */
  fullSnapshots: number;
  recorderMessages: string[];
}

/** The recorder's flush intervals are 5 s (Loupe, Sentry, bare rrweb); waiting a little longer lets each send what it holds. */
const SETTLE_MS = 5_500;
const READY_TIMEOUT_MS = 15_000;
/**
 * The visit starts this long after load at the earliest, whenever the recorder was ready: every
 * run then meets the page in the same state (Loupe, PostHog and OpenReplay start ~2-2.5 s after
 * load; without this the others would scroll a page still settling from its load).
 */
const VISIT_AFTER_LOAD_MS = 3_000;
/** Scripts a recorder brings: our bundles, Loupe's files, PostHog's lazily loaded parts. */
export const isRecorderUrl = (url: string) => /\/(bench|loupe|static)\//.test(url);

function isReady(page: Page, variant: Variant): Promise<boolean> {
  return page.evaluate((v) => {
    const w = globalThis as unknown as {
      __bench?: { ready(): boolean };
      loupe?: { stats?(): { domRecording?: boolean } };
    };
    if (v === 'none') return true;
    if (v === 'loupe') return w.loupe?.stats?.().domRecording === true;
    return w.__bench?.ready() === true;
  }, variant);
}

async function waitReady(page: Page, variant: Variant): Promise<{ ready: boolean; readyMs: number }> {
  const t0 = Date.now();
  while (Date.now() - t0 < READY_TIMEOUT_MS) {
    if (await isReady(page, variant).catch(() => false)) return { ready: true, readyMs: Date.now() - t0 };
    await sleep(100);
  }
  return { ready: false, readyMs: READY_TIMEOUT_MS };
}

async function rendererCpuMs(browser: Browser): Promise<number> {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const info = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; cpuTime: number }[] };
    return info.processInfo.filter((p) => p.type === 'renderer').reduce((n, p) => n + p.cpuTime, 0) * 1000;
  } finally {
    await cdp.detach();
  }
}

async function metric(cdp: CDPSession, name: string): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === name)?.value ?? NaN;
}

/**
 * One visit in a fresh browser (no shared renderer, cache or heap between runs): load the heavy
 * page with the variant's recorder, wait until it records, run the scripted visit, let it send,
 * then read main-thread time, the trace, CPU, heap after GC, and what reached the stub server.
 */
export async function measureRun(server: PageServer, variant: Variant): Promise<RunMetrics> {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.addInitScript(STAY_ON_PAGE);
    const cdp = await context.newCDPSession(page);
    // Thread ticks: task durations in main-thread CPU time, not wall time, which other processes
    // on a shared machine stretch at random.
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    server.reset();
    await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline'] });
    await page.goto(`${server.origin}/docs/${HEAVY_PAGE}?recorder=${variant}`, { waitUntil: 'load', timeout: 60_000 });
    const loaded = Date.now();
    const { ready, readyMs } = await waitReady(page, variant);
    await sleep(Math.max(0, VISIT_AFTER_LOAD_MS - (Date.now() - loaded)));
    await scriptedVisit(page);
    await sleep(SETTLE_MS);
    const taskMs = (await metric(cdp, 'TaskDuration')) * 1000;
    const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
    const cost = attributeMainThread(trace.traceEvents, isRecorderUrl);
    const cpu = await rendererCpuMs(browser);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    // Leaving the page: recorders send what is left on pagehide (beacons), which counts as sent.
    await page.goto('about:blank');
    await sleep(1_000);
    const t = server.traffic();
    return {
      variant,
      ready,
      readyMs,
      taskMs,
      ...cost,
      rendererCpuMs: cpu,
      heapAfterGc: heap.usedSize,
      bytesSent: t.bodyBytes,
      scriptBytesGz: [...t.scripts].reduce((n, s) => n + server.gzippedSize(s), 0),
      fullSnapshots: variant === 'loupe' || variant === 'rrweb' ? t.fullSnapshots : -1,
      recorderMessages: t.recorderMessages,
    };
  } finally {
    await browser.close();
  }
}
