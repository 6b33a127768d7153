import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { BenchOptions } from '../bench-options.ts';
import { launchChromium } from '@loupe/testkit/chromium';
import { ADMIN_PASSWORD, startCollector } from '../collector/collector-process.ts';
import type { Fixture } from '../fixture/fixture.ts';
import { benchSessionId } from '../fixture/session-factory.ts';
import { notMeasured, type Figure, type Goal, type Section } from '../report/figure.ts';
import { bytes, ms, num } from '../report/format.ts';
import { builtAt } from '../util/built-at.ts';
import { runChild } from '../util/child.ts';
import { VIEWER_DIST } from '../util/paths.ts';
import { scratchDir } from '../util/scratch-dir.ts';
import { median } from '../util/stats.ts';
import type { StoreSessionsInput } from './store-sessions-child.ts';

export const REPLAY_TITLE = '5. Replay start';
const START_GOAL: Goal = { op: '<', target: 1000, text: '< 1 s' };
const FLAT_GOAL: Goal = { op: '<=', target: 1.2, text: '≤ 1.2 (independent of length)' };
export const REPLAY_FIGURES = [
  { name: 'first frame of a 60-minute session', goal: START_GOAL },
  { name: 'first frame: 60-minute / 10-minute session', goal: FLAT_GOAL },
];
const LENGTHS = [10, 60] as const;

/** An API request the viewer made before its first frame: path and when it started and ended (ms after navigation). */
interface ApiCall {
  path: string;
  start: number;
  end: number;
  /** The answer's body as it came over the wire. */
  bytes: number;
}

/** Opens a session in the viewer: ms from navigation to rrweb's first rebuilt frame, and the API calls before it. */
async function firstFrame(page: Page, url: string): Promise<{ ms: number; calls: ApiCall[] }> {
  await page.goto(url, { waitUntil: 'commit', timeout: 60_000 });
  const handle = await page.waitForFunction(
    () => {
      const frame = document.querySelector<HTMLIFrameElement>('[data-testid="replay-stage"] iframe');
      const body = frame?.contentDocument?.body;
      if (!body || body.childElementCount === 0) return null;
      const at = performance.now();
      const calls = performance
        .getEntriesByType('resource')
        .filter(
          (e) => new URL(e.name).pathname.startsWith('/v1/') && (e as PerformanceResourceTiming).responseEnd <= at,
        )
        .map((e) => ({
          path: new URL(e.name).pathname.replace(/\/sessions\/[^/]+/, '/sessions/:id'),
          start: e.startTime,
          end: (e as PerformanceResourceTiming).responseEnd,
          bytes: (e as PerformanceResourceTiming).encodedBodySize,
        }));
      return { ms: at, calls };
    },
    undefined,
    { polling: 'raf', timeout: 60_000 },
  );
  return (await handle.jsonValue()) as { ms: number; calls: ApiCall[] };
}

/** What the viewer asked for before its first frame, in size: the same for any length when the start is flat. */
const askedText = (calls: ApiCall[]) => `${calls.length} answers, ${bytes(calls.reduce((n, c) => n + c.bytes, 0))}`;
const callText = (calls: ApiCall[]) => calls.map((c) => `${c.path} ${ms(c.start)}→${ms(c.end)}`).join(', ');
/** Time from the last API answer to the first frame: the viewer's own work (rebuilding, rendering lists). */
const afterLastAnswer = (frameMs: number, calls: ApiCall[]) => frameMs - Math.max(0, ...calls.map((c) => c.end));

/** The naive alternative: download the whole session's replay (and parse it) before showing anything. */
function wholeDownloadMs(page: Page, path: string): Promise<{ ms: number; bytes: number }> {
  return page.evaluate(async (p) => {
    const t0 = performance.now();
    const res = await fetch(p, { credentials: 'same-origin' });
    const text = await res.text();
    JSON.parse(text);
    return { ms: performance.now() - t0, bytes: text.length };
  }, path);
}

/**
 * A 10- and a 60-minute session of the fixture ingested through the collector; the viewer, signed
 * in, opens each at its start, interleaved, `repeats` times; beside it, downloading each whole.
 */
export async function replayBench(
  o: BenchOptions,
  fixture: Fixture,
  fixtureFile: string,
  viewerMissing: string | null,
  log: (s: string) => void,
): Promise<Section> {
  if (viewerMissing) {
    return {
      title: REPLAY_TITLE,
      figures: REPLAY_FIGURES.map((f) => notMeasured(f.name, viewerMissing, f.goal)),
      notes: [],
    };
  }
  const now = Date.now();
  const ids = Object.fromEntries(LENGTHS.map((m) => [m, benchSessionId(`replay${m}m`, 0)])) as Record<number, string>;
  const dataDir = scratchDir('replay');
  log('replay start: storing a 10- and a 60-minute session');
  const input: StoreSessionsInput = {
    fixtureFile,
    dataDir,
    sessions: LENGTHS.map((m) => ({
      sessionId: ids[m]!,
      start: now - 2 * 3_600_000,
      durationMs: m * 60_000,
      user: { id: 'cust-1', name: 'Ada' },
    })),
  };
  await runChild('replay/store-sessions-child.ts', input, 300_000);
  const collector = await startCollector({ dataDir });
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const login = await context.request.post(`${collector.url}/v1/auth/login`, {
      data: { username: 'admin', password: ADMIN_PASSWORD },
    });
    if (!login.ok()) throw new Error(`sign-in answered ${login.status()}: ${(await login.text()).slice(0, 200)}`);
    const page = await context.newPage();
    const open = (m: number) => firstFrame(page, `${collector.url}/sessions/${ids[m]}`);
    await open(10); // warm-up: the viewer's own scripts into the cache, as for a returning user
    const first: Record<number, number[]> = { 10: [], 60: [] };
    const calls: Record<number, ApiCall[]> = { 10: [], 60: [] };
    const rendering: Record<number, number[]> = { 10: [], 60: [] };
    const whole: Record<number, { ms: number; bytes: number }[]> = { 10: [], 60: [] };
    for (let i = 0; i < o.replay.repeats; i++) {
      for (const m of i % 2 ? [...LENGTHS].reverse() : LENGTHS) {
        log(`replay start: ${m}-minute session, run ${i + 1}/${o.replay.repeats}`);
        const f = await open(m);
        first[m]!.push(f.ms);
        calls[m] = f.calls;
        rendering[m]!.push(afterLastAnswer(f.ms, f.calls));
        whole[m]!.push(await wholeDownloadMs(page, `/v1/sessions/${ids[m]}/replay`));
      }
    }
    const f = (m: number) => median(first[m]!);
    // Each run of one length beside the other length's run of the same round: load on the machine
    // that drifts between rounds then weighs on both sides of a ratio alike.
    const paired = first[60]!.map((x, i) => x / first[10]![i]!);
    const w = (m: number) => median(whole[m]!.map((x) => x.ms));
    const figures: Figure[] = [
      {
        name: REPLAY_FIGURES[0]!.name,
        value: f(60),
        unit: 'ms',
        display: `${ms(f(60))} (runs: ${first[60]!.map(ms).join(', ')})`,
        goal: START_GOAL,
      },
      {
        name: 'first frame of a 10-minute session',
        value: f(10),
        unit: 'ms',
        display: `${ms(f(10))} (runs: ${first[10]!.map(ms).join(', ')})`,
        goal: START_GOAL,
      },
      { name: REPLAY_FIGURES[1]!.name, value: f(60) / f(10), unit: '', display: num(f(60) / f(10)), goal: FLAT_GOAL },
      ...LENGTHS.map(
        (m): Figure => ({
          name: `downloading the whole ${m}-minute session first`,
          value: w(m),
          unit: 'ms',
          display: `${ms(w(m))} (${bytes(whole[m]![0]!.bytes)} of rrweb JSON, download and parse only)`,
        }),
      ),
    ];
    return {
      title: REPLAY_TITLE,
      figures,
      notes: [
        `Sessions made from the fixture (${fixture.page}: the visit every 30 s, a full snapshot every 5 min, batches every 5 s), stored in a child process with the collector's own row mappings (the rows /v1/ingest would store; posting an hour of session over HTTP is part 1's subject, and slow), then served by a collector started on that folder; the viewer is the collector's own (viewer/dist as built at ${builtAt(join(VIEWER_DIST, 'viewer.js'))}), signed in as the admin.`,
        `First frame: from navigation to /sessions/:id (start of the session) until rrweb's replay iframe holds a rebuilt page, read in the page with performance.now(); the viewer's scripts are cached (one warm-up open), nothing else is. ${o.replay.repeats} runs per length, interleaved, median.`,
        `API requests before the first frame (last run; path, start→end after navigation): 10 min: ${callText(calls[10]!)}; 60 min: ${callText(calls[60]!)}. From the last answer to the first frame (the viewer's own work, median): 10 min ${ms(median(rendering[10]!))}, 60 min ${ms(median(rendering[60]!))}. Asked before the first frame: 10 min ${askedText(calls[10]!)}; 60 min ${askedText(calls[60]!)}.`,
        `The ratio round by round (each 60-minute run over the 10-minute run of its round): ${paired.map((x) => num(x)).join(', ')}; median ${num(median(paired))}.`,
        'Whole download: GET /v1/sessions/:id/replay without a window, read and parsed in the same page: what a viewer that downloads the session first must wait for before it can draw (a lower bound: building the replayer comes on top).',
      ],
    };
  } finally {
    await browser.close();
    await collector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
