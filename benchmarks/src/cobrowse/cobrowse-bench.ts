import type { BenchOptions } from '../bench-options.ts';
import type { Figure, Goal, Section } from '../report/figure.ts';
import { runChild } from '../util/child.ts';
import type { CobrowseInput, CobrowseOutput } from './cobrowse-child.ts';

export const COBROWSE_TITLE = "7. Co-browsing: the agent's click to the change on the customer's page";
const SAME_GOAL: Goal = { op: '<=', target: 100, text: '≤ 100 ms (median)' };
/** The other collector waits for its poll of cobrowse_commands (COBROWSE_POLL_MS, 200 ms) at most. */
const OTHER_GOAL: Goal = { op: '<=', target: 400, text: '≤ 400 ms (median)' };
export const COBROWSE_FIGURES = [
  { name: 'agent click → page change, same collector (median)', goal: SAME_GOAL },
  { name: 'agent click → page change, via another collector (median)', goal: OTHER_GOAL },
  { name: 'via another collector / same collector (median ratio)' },
];

const median = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const p90 = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor(xs.length * 0.9))]!;

/** Part 6: the latency of co-browsing's control channel, on the page's collector and through another. */
export async function cobrowseBench(o: BenchOptions, log: (s: string) => void): Promise<Section> {
  const clicks = o.quick ? 10 : 40;
  log(`co-browse: ${clicks} clicks each way`);
  const r = await runChild<CobrowseOutput>('cobrowse/cobrowse-child.ts', { clicks } satisfies CobrowseInput, 300_000);
  const same = median(r.same);
  const other = median(r.other);
  const figures: Figure[] = [
    {
      name: COBROWSE_FIGURES[0]!.name,
      value: same,
      unit: 'ms',
      display: `${same} ms (p90 ${p90(r.same)} ms)`,
      goal: SAME_GOAL,
    },
    {
      name: COBROWSE_FIGURES[1]!.name,
      value: other,
      unit: 'ms',
      display: `${other} ms (p90 ${p90(r.other)} ms)`,
      goal: OTHER_GOAL,
    },
    { name: COBROWSE_FIGURES[2]!.name, value: Number((other / Math.max(1, same)).toFixed(2)), unit: 'x' },
  ];
  return {
    title: COBROWSE_TITLE,
    figures,
    notes: [
      `${clicks} clicks each way, alternating, on a page with the real recorder in Chromium, after the customer allowed the join: from the agent's POST /v1/sessions/:id/cobrowse/actions to the page's click handler (one clock, one machine).`,
      "Same collector: the command reaches the page's stream in-process. Another collector: written to cobrowse_commands and read by the page's collector on its next poll (every 200 ms while it holds a page's stream); both collectors share one embedded ClickHouse (chDB), as two processes share a server.",
    ],
  };
}
