import type { HeatmapAnswer } from '@loupe/schemas';
import { withQuery } from '../api/query.ts';
import type { Page } from '../app-context.ts';
import { h } from '../dom/h.ts';
import { loadReplayer } from '../replay/load-replayer.ts';
import { ReplayBuffer } from '../replay/replay-buffer.ts';
import { ReplayPlayer } from '../replay/replay-player.ts';
import { fetchSession } from '../replay/session-data.ts';
import { filterForm } from '../ui/filter-form.ts';
import { pageHead } from '../ui/page-head.ts';
import { emptyState, errorState, loadingState } from '../ui/states.ts';
import { apiRange, overviewRange } from './overview/overview-range.ts';
import { drawHeat } from './heatmap/heat-canvas.ts';

/**
 * Click heatmaps (issue 17): where visitors clicked on one page over a range of days, drawn over a
 * recorded moment of that page (the newest click's), replayed with the session replay's player.
 */
export const heatmapPage: Page = (root, { ctx, query }) => {
  const range = overviewRange(query);
  const url = query.get('url') ?? '';
  const abort = new AbortController();
  let player: ReplayPlayer | null = null;
  const answer = ctx.api.get<HeatmapAnswer>('/v1/heatmap', { ...apiRange(range), tz: undefined, url }, abort.signal);
  answer.catch(() => undefined);
  const shown = new URLSearchParams({ url, from: range.from, to: range.to });
  const summary = h('p', { class: 'heatmap-summary', 'data-testid': 'heatmap-summary', role: 'status' });
  const stage = h('div', { class: 'replay-stage heatmap-stage', 'data-testid': 'heatmap-stage' });
  const body = h('div', { class: 'heatmap-body' }, loadingState('Counting clicks…'));
  root.append(
    pageHead('Heatmap', 'Where visitors clicked on a page, drawn over a recorded visit to it.'),
    filterForm(
      [
        {
          kind: 'choice',
          name: 'url',
          label: 'Page',
          all: 'Pick a page',
          values: async () => (await answer).pages.map((p) => p.url),
        },
        { kind: 'date', name: 'from', label: 'From' },
        { kind: 'date', name: 'to', label: 'To' },
      ],
      shown,
      (q) => ctx.navigate(withQuery('/heatmap', Object.fromEntries(q))),
    ),
    body,
  );

  async function show(): Promise<void> {
    const a = await answer;
    if (!a.url)
      return void body.replaceChildren(
        emptyState(a.pages.length ? 'Pick a page to see its clicks.' : 'No clicks in these days.'),
      );
    summary.textContent =
      `${a.clicks.toLocaleString()} ${a.clicks === 1 ? 'click' : 'clicks'} on this page` +
      (a.withoutPosition ? `, ${a.withoutPosition.toLocaleString()} of them from the keyboard (no position)` : '');
    body.replaceChildren(summary, h('div', { class: 'stage-box' }, stage));
    if (!a.snapshot) return void stage.replaceChildren(emptyState('No recorded visit to draw the clicks over.'));
    const session = await fetchSession(ctx.api, a.snapshot.sessionId, abort.signal);
    if (!session || abort.signal.aborted) return;
    const start = Date.parse(session.startedAt);
    const buffer = new ReplayBuffer(ctx.api, session.sessionId, start, Date.parse(session.endedAt), abort.signal);
    const Replayer = await loadReplayer();
    if (abort.signal.aborted) return;
    player = new ReplayPlayer(Replayer, stage, buffer, {
      onTime: () => undefined,
      onState: () => undefined,
      onSkipping: () => undefined,
      onError: (e) => body.append(errorState(e)),
    });
    await player.open(Date.parse(a.snapshot.at));
    overlay(a);
  }

  /** The heat on a canvas inside rrweb's wrapper, the iframe's size, so the stage's scaling applies to both. */
  function overlay(a: HeatmapAnswer): void {
    const wrapper = stage.querySelector<HTMLElement>('.replayer-wrapper');
    const frame = wrapper?.querySelector('iframe');
    if (!wrapper || !frame) return;
    const canvas = h('canvas', {
      class: 'heat-canvas',
      'data-testid': 'heat-canvas',
      width: Number(frame.getAttribute('width')) || frame.clientWidth,
      height: Number(frame.getAttribute('height')) || frame.clientHeight,
    });
    wrapper.append(canvas);
    const win = frame.contentWindow;
    const drawn = drawHeat(canvas, a, { x: win?.scrollX ?? 0, y: win?.scrollY ?? 0 });
    canvas.dataset.cells = String(drawn);
    stage.classList.add('drawn');
  }

  show().catch((e: unknown) => {
    if (!abort.signal.aborted) body.replaceChildren(errorState(e));
  });
  return () => {
    abort.abort();
    player?.destroy();
  };
};
